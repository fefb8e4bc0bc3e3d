import { useTranslation } from "react-i18next";
import type { Contact } from "../../../api/types";
import { formatCalendarDate } from "../../../format";
import { t } from "../../../i18n";
import { CONTACT_TYPES, contactMethodLabel, contactTypeLabel } from "../labels";
import { FieldsSection } from "./FieldsSection";
import { flag, text, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";

type ContactMethod = Contact["preferredContactMethod"];
const CONTACT_METHODS = ["any", "workPhone", "mobilePhone", "email", "telegram", "whatsapp", "viber"] as const satisfies readonly ContactMethod[];

export const detailFields: FieldSpec[] = [
  text("position", () => t("contactCard:field.position")),
  {
    key: "birthday",
    label: () => t("contactCard:field.birthday"),
    kind: "date",
    read: (contact) => contact.birthday ?? "",
    show: (contact) => (contact.birthday ? formatCalendarDate(contact.birthday) : null),
  },
  {
    key: "contactType",
    label: () => t("contactCard:field.contactType"),
    kind: "select",
    get options() {
      return CONTACT_TYPES.map((value) => ({ value, label: contactTypeLabel(value) }));
    },
    optional: true,
    read: (contact) => contact.contactType ?? "",
    show: (contact) => (contact.contactType ? contactTypeLabel(contact.contactType) : null),
  },
  text("currency", () => t("contactCard:field.currency"), { hint: () => t("contactCard:hint.currency") }),
  text("timeZone", () => t("contactCard:field.timeZone"), { hint: () => t("contactCard:hint.timeZone") }),
  {
    key: "preferredContactMethod",
    label: () => t("contactCard:field.preferredContactMethod"),
    kind: "select",
    get options() {
      return CONTACT_METHODS.map((value) => ({ value, label: contactMethodLabel(value) }));
    },
    read: (contact) => contact.preferredContactMethod,
    // "Any" is the default: nothing to say.
    show: (contact) => (contact.preferredContactMethod === "any" ? null : contactMethodLabel(contact.preferredContactMethod)),
  },
  text("address", () => t("contactCard:field.address"), { kind: "textarea" }),
  text("website", () => t("contactCard:field.website"), {
    show: (contact) =>
      contact.website ? (
        <a href={contact.website} target="_blank" rel="noreferrer noopener">
          {contact.website}
        </a>
      ) : null,
  }),
  text("comment", () => t("contactCard:field.comment"), { kind: "textarea" }),
  flag("active", () => t("contactCard:field.active"), true),
  flag("doNotCall", () => t("contactCard:field.doNotCall"), false),
  flag("doNotEmail", () => t("contactCard:field.doNotEmail"), false),
];

export function DetailsSection(props: SectionProps) {
  const { t } = useTranslation();
  return <FieldsSection {...props} id="details" title={t("contactCard:section.details")} specs={detailFields} />;
}

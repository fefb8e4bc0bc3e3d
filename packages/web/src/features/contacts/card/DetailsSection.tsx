import type { Contact } from "../../../api/types";
import { capitalize, formatDate } from "../../../format";
import { FieldsSection } from "./FieldsSection";
import { flag, text, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";

type ContactType = NonNullable<Contact["contactType"]>;
type ContactMethod = Contact["preferredContactMethod"];
const CONTACT_TYPES = ["client", "lead", "partner", "supplier", "competitor", "other"] as const satisfies readonly ContactType[];
const CONTACT_METHODS = ["any", "workPhone", "mobilePhone", "email", "telegram", "whatsapp", "viber"] as const satisfies readonly ContactMethod[];
const METHOD_LABELS: Record<ContactMethod, string> = {
  any: "Any",
  workPhone: "Work phone",
  mobilePhone: "Mobile phone",
  email: "Email",
  telegram: "Telegram",
  whatsapp: "WhatsApp",
  viber: "Viber",
};


export const detailFields: FieldSpec[] = [
  text("position", "Position"),
  {
    key: "birthday",
    label: "Birthday",
    kind: "date",
    read: (contact) => contact.birthday ?? "",
    show: (contact) => (contact.birthday ? formatDate(`${contact.birthday}T00:00:00`) : null),
  },
  {
    key: "contactType",
    label: "Type",
    kind: "select",
    options: CONTACT_TYPES.map((value) => ({ value, label: capitalize(value) })),
    optional: true,
    read: (contact) => contact.contactType ?? "",
    show: (contact) => (contact.contactType ? capitalize(contact.contactType) : null),
  },
  text("currency", "Currency", { hint: "ISO code, e.g. RUB" }),
  text("timeZone", "Time zone", { hint: "e.g. Europe/Moscow" }),
  {
    key: "preferredContactMethod",
    label: "Preferred contact",
    kind: "select",
    options: CONTACT_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] })),
    read: (contact) => contact.preferredContactMethod,
    // "Any" is the default: nothing to say.
    show: (contact) => (contact.preferredContactMethod === "any" ? null : METHOD_LABELS[contact.preferredContactMethod]),
  },
  text("address", "Address", { kind: "textarea" }),
  text("website", "Website", {
    show: (contact) =>
      contact.website ? (
        <a href={contact.website} target="_blank" rel="noreferrer noopener">
          {contact.website}
        </a>
      ) : null,
  }),
  text("comment", "Comment", { kind: "textarea" }),
  flag("active", "Active", true),
  flag("doNotCall", "Do not call", false),
  flag("doNotEmail", "Do not email", false),
];

export const DetailsSection = (props: SectionProps) => <FieldsSection {...props} id="details" title="Details" specs={detailFields} />;

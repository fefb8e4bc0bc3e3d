import { useTranslation } from "react-i18next";
import { t } from "../../../i18n";
import { FieldsSection } from "./FieldsSection";
import { text, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";

export const nameFields: FieldSpec[] = [
  text("firstName", () => t("contactCard:field.firstName")),
  text("middleName", () => t("contactCard:field.middleName")),
  text("lastName", () => t("contactCard:field.lastName")),
  {
    key: "displayName",
    label: () => t("contactCard:field.displayName"),
    kind: "text",
    hint: () => t("contactCard:hint.displayName"),
    read: (contact) => (contact.nameSource === "manual" ? contact.displayName : ""),
    show: (contact) => (
      <>
        {contact.displayName}{" "}
        <span className="muted">
          {contact.nameSource === "manual" ? t("contactCard:nameSource.manual") : contact.nameSource === "source" ? t("contactCard:nameSource.source") : t("contactCard:nameSource.derived")}
        </span>
      </>
    ),
  },
];

export function NameSection(props: SectionProps) {
  const { t } = useTranslation();
  return <FieldsSection {...props} id="name" title={t("contactCard:section.name")} specs={nameFields} />;
}

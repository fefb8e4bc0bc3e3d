import { useTranslation } from "react-i18next";
import { t } from "../../../i18n";
import { FieldsSection } from "./FieldsSection";
import { messenger, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";

export const onlineFields: FieldSpec[] = [
  messenger("telegram", () => t("contacts:method.telegram"), () => t("contactCard:hint.telegram")),
  messenger("whatsapp", () => t("contacts:method.whatsapp"), () => t("contactCard:hint.phoneNumber")),
  messenger("viber", () => t("contacts:method.viber"), () => t("contactCard:hint.phoneNumber")),
  {
    key: "socialLinks",
    label: () => t("contactCard:field.socialLinks"),
    kind: "textarea",
    hint: () => t("contactCard:hint.socialLinks"),
    read: (contact) => (contact.socialLinks ?? []).join("\n"),
    show: (contact) =>
      contact.socialLinks?.length ? (
        <ul className="plain">
          {contact.socialLinks.map((link) => (
            <li key={link}>
              <a href={link} target="_blank" rel="noreferrer noopener">
                {link}
              </a>
            </li>
          ))}
        </ul>
      ) : null,
  },
];

export function OnlineSection(props: SectionProps) {
  const { t } = useTranslation();
  return <FieldsSection {...props} id="online" title={t("contactCard:section.online")} specs={onlineFields} />;
}

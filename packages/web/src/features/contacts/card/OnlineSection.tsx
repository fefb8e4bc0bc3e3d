import { FieldsSection } from "./FieldsSection";
import { messenger, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";

export const onlineFields: FieldSpec[] = [
  messenger("telegram", "Telegram", "Username, e.g. anna_petrova"),
  messenger("whatsapp", "WhatsApp", "Phone number"),
  messenger("viber", "Viber", "Phone number"),
  {
    key: "socialLinks",
    label: "Social links",
    kind: "textarea",
    hint: "One web address per line.",
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


export const OnlineSection = (props: SectionProps) => <FieldsSection {...props} id="online" title="Messengers and links" specs={onlineFields} />;

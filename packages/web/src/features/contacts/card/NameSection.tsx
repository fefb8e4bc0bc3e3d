import { FieldsSection } from "./FieldsSection";
import { text, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";

export const nameFields: FieldSpec[] = [
  text("firstName", "First name"),
  text("middleName", "Middle name"),
  text("lastName", "Last name"),
  {
    key: "displayName",
    label: "Display name",
    kind: "text",
    hint: "Leave empty to derive it from the name, phone or email.",
    read: (contact) => (contact.nameSource === "manual" ? contact.displayName : ""),
    show: (contact) => (
      <>
        {contact.displayName} <span className="muted">({contact.nameSource === "manual" ? "typed" : contact.nameSource === "source" ? "from the source" : "derived"})</span>
      </>
    ),
  },
];

export const NameSection = (props: SectionProps) => <FieldsSection {...props} id="name" title="Name" specs={nameFields} />;

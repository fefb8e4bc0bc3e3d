import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { CustomFieldDefinition, CustomValue } from "../../../api/types";
import { CustomFieldControl, customText, customValueOf, showCustom } from "../../cards/customFields";
import { FormFailure } from "../../cards/FormFailure";
import { messagesFor, owns, withoutErrorsOf } from "../../cards/fieldPaths";
import { PropList, SectionActions, SectionFrame } from "../../cards/SectionFrame";
import type { SectionProps } from "./sectionProps";
import { useSaving } from "./useSaving";

type CustomDraft = Record<string, string | string[]>;

export function CustomFieldsSection({
  contact,
  editing,
  onEdit,
  onClose,
  save,
  folded,
  definitions,
}: SectionProps & { definitions: CustomFieldDefinition[] }) {
  const { t } = useTranslation();
  const current = contact.custom ?? {};
  const initial = () => Object.fromEntries(definitions.map((definition) => [definition.key, customText(current[definition.key])])) as CustomDraft;
  const [draft, setDraft] = useState<CustomDraft>(initial);
  const { errors, failure, saving, run, edit, setErrors } = useSaving(save, onClose, onEdit);

  const start = edit(() => {
    setDraft(initial());
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const custom: Record<string, CustomValue | null> = {};
    for (const definition of definitions) {
      const before = customText(current[definition.key]);
      const after = draft[definition.key] ?? "";
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      custom[definition.key] = customValueOf(definition, after);
    }
    void run(Object.keys(custom).length ? { custom } : undefined);
  };

  // No custom fields defined for contacts: nothing to show or add.
  if (definitions.length === 0) return null;
  if (!editing) {
    const rows = definitions.map((definition) => ({ key: `custom.${definition.key}`, label: definition.label, value: showCustom(definition, current[definition.key]) }));
    return (
      <SectionFrame id="custom" title={t("contactCard:section.custom")} editing={false} onEdit={start} folded={folded}>
        <PropList testIdPrefix="contact" rows={rows} />
      </SectionFrame>
    );
  }

  return (
    <SectionFrame id="custom" title={t("contactCard:section.custom")} editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => definitions.some((definition) => owns(`custom.${definition.key}`, path))} />
        {definitions.map((definition) => {
          const key = `custom.${definition.key}`;
          const messages = messagesFor(errors, key);
          const value = draft[definition.key] ?? "";
          const set = (next: string | string[]) => {
            setDraft((old) => ({ ...old, [definition.key]: next }));
            setErrors((old) => withoutErrorsOf(old, key));
          };
          return <CustomFieldControl key={definition.key} definition={definition} value={value} onChange={set} messages={messages} />;
        })}
        <SectionActions id="custom" saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

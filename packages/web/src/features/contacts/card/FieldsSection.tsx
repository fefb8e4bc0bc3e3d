import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { FieldMessages } from "../../../form";
import { FormFailure } from "../../cards/FormFailure";
import { messagesFor, owns, withoutErrorsOf } from "../../cards/fieldPaths";
import { PropList, SectionActions, SectionFrame } from "../../cards/SectionFrame";
import { isFilled, patchOf, type Draft, type FieldSpec } from "./fieldSpecs";
import type { SectionProps } from "./sectionProps";
import { useSaving } from "./useSaving";

/** A section of plain fields: the filled ones in view mode, every one in the editor. */
export function FieldsSection({ id, title, specs, contact, editing, onEdit, onClose, save, folded }: SectionProps & { id: string; title: string; specs: FieldSpec[] }) {
  // Re-renders on a language change: the specs' labels are read at render time.
  useTranslation();
  const initial = () => Object.fromEntries(specs.map((spec) => [spec.key, spec.read(contact)])) as Draft;
  const [draft, setDraft] = useState<Draft>(initial);
  const { errors, failure, saving, run, edit, setErrors } = useSaving(save, onClose, onEdit);

  const start = edit(() => {
    setDraft(initial());
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(patchOf(specs, contact, draft));
  };

  if (!editing) {
    const filled = specs.filter((spec) => isFilled(spec, contact));
    return (
      <SectionFrame id={id} title={title} editing={false} onEdit={start} folded={folded}>
        <PropList testIdPrefix="contact" rows={filled.map((spec) => ({ key: spec.key, label: spec.label(), value: spec.show(contact) }))} />
      </SectionFrame>
    );
  }

  return (
    <SectionFrame id={id} title={title} editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => specs.some((spec) => owns(spec.key, path))} />
        {specs.map((spec) => {
          const messages = messagesFor(errors, spec.key);
          const inputId = `${id}-${spec.key.replace(".", "-")}`;
          const common = {
            id: inputId,
            "aria-invalid": Boolean(messages),
            "aria-describedby": messages ? `${inputId}-error` : undefined,
          };
          const set = (value: string | boolean) => {
            setDraft((current) => ({ ...current, [spec.key]: value }));
            setErrors((current) => withoutErrorsOf(current, spec.key));
          };
          const value = draft[spec.key];
          return (
            <div key={spec.key} className={`field${messages ? " invalid" : ""}${spec.kind === "checkbox" ? " check-row" : ""}`}>
              {spec.kind === "checkbox" ? (
                <>
                  <input {...common} type="checkbox" checked={Boolean(value)} onChange={(event) => set(event.target.checked)} />
                  <label htmlFor={inputId}>{spec.label()}</label>
                </>
              ) : (
                <>
                  <label htmlFor={inputId}>{spec.label()}</label>
                  {spec.kind === "textarea" ? (
                    <textarea {...common} rows={3} value={String(value)} onChange={(event) => set(event.target.value)} />
                  ) : spec.kind === "select" ? (
                    <select {...common} value={String(value)} onChange={(event) => set(event.target.value)}>
                      {spec.optional ? <option value="">—</option> : null}
                      {spec.options?.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input {...common} type={spec.kind === "date" ? "date" : "text"} value={String(value)} onChange={(event) => set(event.target.value)} />
                  )}
                </>
              )}
              {spec.hint ? <p className="hint">{spec.hint()}</p> : null}
              <FieldMessages id={`${inputId}-error`} testId={`error-${spec.key}`} messages={messages} />
            </div>
          );
        })}
        <SectionActions id={id} saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

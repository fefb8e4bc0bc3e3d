import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { FormFailure } from "../../cards/FormFailure";
import { messagesFor, owns } from "../../cards/fieldPaths";
import { SectionActions, SectionFrame } from "../../cards/SectionFrame";
import { TagsEditor, withTag } from "../../cards/TagsEditor";
import type { SectionProps } from "./sectionProps";
import { useSaving } from "./useSaving";

export function TagsSection({ contact, editing, onEdit, onClose, save, folded, known }: SectionProps & { known: string[] }) {
  const { t } = useTranslation();
  const [tags, setTags] = useState<string[]>([]);
  const [input, setInput] = useState("");
  const { errors, failure, saving, run, edit } = useSaving(save, onClose, onEdit);

  const start = edit(() => {
    setTags(contact.tags ?? []);
    setInput("");
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A tag still in the box counts: people press Save without pressing Add.
    const all = withTag(tags, input);
    const before = contact.tags ?? [];
    if (JSON.stringify(all) === JSON.stringify(before)) return onClose();
    void run({ tags: all.length ? all : null });
  };

  if (!editing) {
    return (
      <SectionFrame id="tags" title={t("contactCard:section.tags")} editing={false} onEdit={start} folded={folded}>
        <div className="tags" data-testid="contact-tags">
          {contact.tags?.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </div>
      </SectionFrame>
    );
  }
  return (
    <SectionFrame id="tags" title={t("contactCard:section.tags")} editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => owns("tags", path)} />
        <TagsEditor tags={tags} onTags={setTags} pending={input} onPending={setInput} known={known} messages={messagesFor(errors, "tags")} />
        <SectionActions id="tags" saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

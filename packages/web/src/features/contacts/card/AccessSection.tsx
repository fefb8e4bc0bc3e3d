import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Contact, Colleague } from "../../../api/types";
import { FieldMessages } from "../../../form";
import { assigneeNamer, UserChecklist } from "../../../people";
import { FormFailure } from "../../cards/FormFailure";
import { messagesFor, owns } from "../../cards/fieldPaths";
import { SectionActions, SectionFrame } from "../../cards/SectionFrame";
import type { SectionProps } from "./sectionProps";
import { useSaving } from "./useSaving";

type Sharing = Contact["sharing"];
const SHARING: Sharing[] = ["private", "read", "write"];

/**
 * Who is responsible for the contact and how it is shared. The API allows these changes to the
 * responsible managers, their team's manager and admins; others see its answer here.
 */
export function AccessSection({ contact, editing, onEdit, onClose, save, users }: SectionProps & { users: readonly Colleague[] }) {
  const [owners, setOwners] = useState<string[]>([]);
  const [sharing, setSharing] = useState<Sharing>("private");
  const { errors, failure, saving, run, edit } = useSaving(save, onClose, onEdit);
  const nameOf = assigneeNamer(users);
  const { t } = useTranslation();
  const sharingText = (value: Sharing) => t(`contactCard:sharing.${value}`, { defaultValue: value });

  const start = edit(() => {
    setOwners(contact.ownerIds);
    setSharing(contact.sharing);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: { ownerIds?: string[]; sharing?: Sharing } = {};
    if (JSON.stringify(owners) !== JSON.stringify(contact.ownerIds)) patch.ownerIds = owners;
    if (sharing !== contact.sharing) patch.sharing = sharing;
    void run(patch);
  };

  if (!editing) {
    return (
      <SectionFrame id="access" title={t("contactCard:section.access")} editing={false} onEdit={start}>
        <dl className="props">
          <div className="prop">
            <dt>{t("contactCard:access.owners")}</dt>
            <dd data-testid="contact-ownerIds">{contact.ownerIds.map(nameOf).join(", ")}</dd>
          </div>
          <div className="prop">
            <dt>{t("contactCard:access.sharing")}</dt>
            <dd data-testid="contact-sharing">{sharingText(contact.sharing)}</dd>
          </div>
        </dl>
      </SectionFrame>
    );
  }

  const sharingMessages = messagesFor(errors, "sharing");
  return (
    <SectionFrame id="access" title={t("contactCard:section.access")} editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => owns("ownerIds", path) || owns("sharing", path)} />
        <UserChecklist legend={t("contactCard:access.ownersLegend")} users={users} chosen={owners} onChange={setOwners} messages={messagesFor(errors, "ownerIds")} testId="ownerIds" />
        <div className={`field${sharingMessages ? " invalid" : ""}`}>
          <label htmlFor="access-sharing">{t("contactCard:access.sharing")}</label>
          <select id="access-sharing" value={sharing} aria-invalid={Boolean(sharingMessages)} onChange={(event) => setSharing(event.target.value as Sharing)}>
            {SHARING.map((value) => (
              <option key={value} value={value}>
                {sharingText(value)}
              </option>
            ))}
          </select>
          <FieldMessages id="access-sharing-error" testId="error-sharing" messages={sharingMessages} />
        </div>
        <SectionActions id="access" saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CallList } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { formatNumber } from "../../format";
import { FieldMessages } from "../../form";
import { useResource } from "../../hooks";
import { assignable, assigneeNamer, pickerLabel, useUsers } from "../../people";
import { operatorErrors } from "./operatorErrors";

/** The list's operators with their figures; a manager changes who takes its calls here. */
export function OperatorsCard({ list, editable, onChanged }: { list: CallList; editable: boolean; onChanged: (list: CallList) => void }) {
  const { t } = useTranslation();
  // Every role reads the names; unknown IDs as they are; deactivated ones marked.
  const nameOf = assigneeNamer(useUsers().users);
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="operators-title">
      <div className="card-header">
        <h2 id="operators-title">{t("callLists:operators.title")}</h2>
        {editable && !editing ? (
          <button type="button" className="button button-ghost" data-testid="edit-operators" onClick={() => setEditing(true)}>
            {t("callLists:operators.change")}
          </button>
        ) : null}
      </div>
      {editing ? (
        <OperatorsEditor
          list={list}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            onChanged(updated);
          }}
        />
      ) : null}
      <div className="table-scroll">
        <table className="table compact" data-testid="per-operator">
          <thead>
            <tr>
              <th scope="col">{t("callLists:operators.operator")}</th>
              <th scope="col">{t("callLists:operators.answered")}</th>
              <th scope="col">{t("callLists:operators.wrappedUp")}</th>
            </tr>
          </thead>
          <tbody>
            {list.stats.perOperator.map((row) => (
              <tr key={row.operatorId} data-testid={`operator-row-${row.operatorId}`}>
                <th scope="row">
                  {nameOf(row.operatorId)}
                  {list.operatorIds.includes(row.operatorId) ? null : <span className="muted"> · {t("callLists:operators.removed")}</span>}
                </th>
                <td>{formatNumber(row.answered)}</td>
                <td>{formatNumber(row.wrappedUp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Active users to take the list's answered calls. Deactivated operators still on the list are
 * shown marked and unticked (the API refuses them); the API's field errors show inline.
 */
function OperatorsEditor({ list, onCancel, onSaved }: { list: CallList; onCancel: () => void; onSaved: (list: CallList) => void }) {
  const { t } = useTranslation();
  const users = useResource(() => api.listUsers(), []);
  const [picked, setPicked] = useState<string[]>();
  const active = new Set(users.status === "ready" ? users.data.filter((user) => user.active).map((user) => user.userId) : []);
  const chosen = picked ?? list.operatorIds.filter((userId) => active.has(userId));
  const setChosen = (change: (ids: string[]) => string[]) => setPicked(change(chosen));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const errors = operatorErrors(failure);

  const save = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      onSaved(await api.setCallListOperators(list.listId, chosen));
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="operators-editor" data-testid="operators-editor">
      <FieldMessages id="operators-edit-error" testId="error-operatorIds" messages={errors.length ? errors : undefined} />
      {failure !== undefined && errors.length === 0 ? <ErrorMessage error={failure} /> : null}
      {users.status === "loading" ? <Spinner label={t("callLists:operators.loadingUsers")} /> : null}
      {users.status === "error" ? <ErrorMessage error={users.error} /> : null}
      {users.status === "ready" ? (
        <div className="checks">
          {assignable(users.data, list.operatorIds).map((user) => (
            <label key={user.userId} className="check-row">
              <input
                type="checkbox"
                data-testid={`choose-operator-${user.userId}`}
                checked={chosen.includes(user.userId)}
                onChange={(event) => setChosen((ids) => (event.target.checked ? [...ids, user.userId] : ids.filter((id) => id !== user.userId)))}
              />
              <span>
                {pickerLabel(user)} <span className="muted">· {t(`common:role.${user.role}`)}</span>
              </span>
            </label>
          ))}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-primary" data-testid="save-operators" disabled={saving || users.status !== "ready"} onClick={() => void save()}>
          {saving ? t("common:action.saving") : t("callLists:operators.save")}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {t("common:action.cancel")}
        </button>
      </div>
    </div>
  );
}

import { ErrorMessage } from "../../components";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client";
import { ROLES, type Role, type UpdateUserInput, type User } from "../../api/types";
import { Spinner } from "../../components";
import { formatDateTime } from "../../format";
import { Field, FieldMessages, SubmitActions, type FieldErrors } from "../../form";
import { problemText } from "../../i18n/errors";
import { t } from "../../i18n";
import { localizedFieldErrors } from "./fieldErrors";
import { FormOutcome } from "./FormOutcome";
import { useFormSubmission } from "./useFormSubmission";
import { useReloadable } from "../../hooks";
import { useMe } from "../../session";
import { PageFrame } from "../shell/PageFrame";

const TEAMS_LIST = "user-teams";

/**
 * Admins: who can sign in, with which role and team. Role, team and active state change in
 * place (`PATCH /v1/users/{id}`); a refusal (a field error, or the 409 for deactivating yourself
 * or taking away the last admin) is shown next to the control it concerns.
 */
export function UsersPage() {
  const { t } = useTranslation();
  const users = useReloadable(() => api.listUsers(), []);
  const me = useMe();
  // The rows as loaded, with each change the API answered put in place (no reload per change).
  const [list, setList] = useState<User[]>([]);
  const loaded = users.status === "ready" ? users.data : undefined;
  useEffect(() => {
    if (loaded) setList(loaded);
  }, [loaded]);
  const replace = (changed: User) => setList((current) => current.map((user) => (user.userId === changed.userId ? changed : user)));
  const teams = [...new Set(list.flatMap((user) => (user.teamId ? [user.teamId] : [])))].sort();
  const inactive = list.filter((user) => !user.active).length;

  return (
    <PageFrame
      id="users"
      title={t("admin:users.title")}
      actions={
        <>
          {users.status === "ready" ? (
            <span className="muted" data-testid="users-summary">
              {inactive
                ? t("admin:users.summary", { users: t("admin:users.count", { count: list.length }), deactivated: t("admin:users.deactivated", { count: inactive }) })
                : t("admin:users.count", { count: list.length })}
            </span>
          ) : null}
        </>
      }
    >
      {users.status === "error" ? <ErrorMessage error={users.error} fieldErrors={false} /> : null}
      <datalist id={TEAMS_LIST}>
        {teams.map((team) => (
          <option key={team} value={team} />
        ))}
      </datalist>
      <div className="table-wrap">
        <table className="table users-table" data-testid="users">
          <thead>
            <tr>
              <th scope="col">{t("admin:users.column.name")}</th>
              <th scope="col">{t("admin:users.column.email")}</th>
              <th scope="col">{t("admin:users.column.role")}</th>
              <th scope="col">{t("admin:users.column.team")}</th>
              <th scope="col">{t("admin:users.column.status")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow key={user.userId} user={user} isMe={user.userId === me?.userId} onChanged={replace} />
            ))}
          </tbody>
        </table>
        {users.status === "loading" ? <Spinner label={t("admin:users.loading")} /> : null}
      </div>
      <NewUserForm onCreated={users.reload} />
    </PageFrame>
  );
}

type Control = "role" | "teamId" | "active";

/** The rule a team ID breaks, in this form's words (the API names it only `invalid`). */
const userRules = () => ({ teamId: t("admin:users.rule.teamId") });

/**
 * Any failure as words next to the control: the API's field errors, else the refusal (409:
 * deactivating yourself, taking away the last admin) or the failed request, in the user's language.
 */
function errorsFor(control: Control, error: unknown, refusal: { isMe: boolean; name: string; input: UpdateUserInput }): FieldErrors {
  if (error instanceof ApiError && error.status === 409 && error.problem.errors?.length) {
    const self = refusal.isMe && refusal.input.active === false;
    return { [control]: [self ? t("admin:users.refused.self") : t("admin:users.refused.lastAdmin", { name: refusal.name })] };
  }
  const byField = localizedFieldErrors(error, { rules: userRules() });
  if (Object.keys(byField).length > 0) return byField;
  const message = error instanceof ApiError ? problemText(error.problem) : t("admin:failure.unexpected");
  return { [control]: [message] };
}

function UserRow({ user, isMe, onChanged }: { user: User; isMe: boolean; onChanged: (user: User) => void }) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState<Control>();
  const [team, setTeam] = useState(user.teamId ?? "");
  // The role picked while its change is on the way (the select shows it, not the old one); a refusal puts the old one back.
  const [pendingRole, setPendingRole] = useState<Role>();
  useEffect(() => setTeam(user.teamId ?? ""), [user.teamId]);
  const id = (control: Control) => `user-${user.userId}-${control}`;
  const described = (control: Control) => (errors[control]?.length ? { "aria-invalid": true, "aria-describedby": `${id(control)}-error` } : { "aria-invalid": false });

  const change = async (control: Control, input: UpdateUserInput) => {
    setSaving(control);
    setErrors({});
    try {
      onChanged(await api.updateUser(user.userId, input));
    } catch (error) {
      setErrors(errorsFor(control, error, { isMe, name: user.name, input }));
    } finally {
      setSaving(undefined);
      setPendingRole(undefined);
    }
  };
  const saveTeam = (event: FormEvent) => {
    event.preventDefault();
    void change("teamId", { teamId: team.trim() || null });
  };
  const teamDirty = team.trim() !== (user.teamId ?? "");

  return (
    <tr data-testid={`user-${user.userId}`} data-active={user.active} className={user.active ? undefined : "user-inactive"} aria-busy={saving !== undefined}>
      <th scope="row">
        <span className="user-name">{user.name}</span>
        {isMe ? <span className="badge">{t("admin:users.you")}</span> : null}
      </th>
      <td data-label={t("admin:users.column.email")}>
        {user.email}
        <br />
        <span className="since">
          <time dateTime={user.createdAt}>{t("admin:users.since", { date: formatDateTime(user.createdAt) })}</time>
        </span>
      </td>
      <td data-label={t("admin:users.column.role")}>
        <div className="cell-field">
          <select
            id={id("role")}
            aria-label={t("admin:users.roleOf", { name: user.name })}
            data-testid="user-role"
            value={pendingRole ?? user.role}
            disabled={saving !== undefined}
            onChange={(event) => {
              const role = event.target.value as Role;
              setPendingRole(role);
              void change("role", { role });
            }}
            {...described("role")}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`common:role.${role}`)}
              </option>
            ))}
          </select>
          <FieldMessages id={`${id("role")}-error`} testId="error-role" messages={errors.role} />
        </div>
      </td>
      <td data-label={t("admin:users.column.team")}>
        <form className="cell-field" onSubmit={saveTeam} noValidate>
          <div className="cell-row">
            <input
              id={id("teamId")}
              aria-label={t("admin:users.teamOf", { name: user.name })}
              data-testid="user-team"
              list={TEAMS_LIST}
              placeholder={t("admin:users.noTeam")}
              value={team}
              onChange={(event) => setTeam(event.target.value)}
              {...described("teamId")}
            />
            <button type="submit" className="button" data-testid="save-team" disabled={!teamDirty || saving !== undefined}>
              {saving === "teamId" ? t("common:action.saving") : t("common:action.save")}
            </button>
          </div>
          <FieldMessages id={`${id("teamId")}-error`} testId="error-teamId" messages={errors.teamId} />
        </form>
      </td>
      <td data-label={t("admin:users.column.status")}>
        <div className="cell-field">
          <div className="cell-row">
            <span className={`badge status ${user.active ? "status-active" : "status-deactivated"}`} data-testid="user-status">
              {user.active ? t("admin:users.status.active") : t("admin:users.status.deactivated")}
            </span>
            <button
              type="button"
              id={id("active")}
              className={`button${user.active ? " button-danger" : ""}`}
              data-testid="toggle-active"
              disabled={saving !== undefined}
              onClick={() => void change("active", { active: !user.active })}
              {...described("active")}
            >
              {saving === "active" ? t("common:action.saving") : user.active ? t("admin:users.deactivate") : t("admin:users.reactivate")}
            </button>
          </div>
          <FieldMessages id={`${id("active")}-error`} testId="error-active" messages={errors.active} />
        </div>
      </td>
    </tr>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [teamId, setTeamId] = useState("");
  const [password, setPassword] = useState("");
  const { errors, failure, saving, done, submitWith } = useFormSubmission((error) => localizedFieldErrors(error, { rules: userRules() }));

  const submit = submitWith(async () => {
    const user = await api.createUser({ name, email, role, password, ...(teamId.trim() ? { teamId: teamId.trim() } : {}) });
    setName("");
    setEmail("");
    setTeamId("");
    setPassword("");
    onCreated();
    return t("admin:users.created", { name: user.name, email: user.email, role: t(`common:role.${user.role}`) });
  });

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t("admin:users.new")}</h2>
      <FormOutcome done={done} failure={failure} errors={errors} />
      <div className="grid-2">
        <Field id="user-name" label={t("admin:users.field.name")} errors={errors.name} testId="error-name">
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field id="user-email" label={t("admin:users.field.email")} errors={errors.email} testId="error-email">
          {(props) => <input {...props} type="email" value={email} onChange={(event) => setEmail(event.target.value)} />}
        </Field>
        <Field id="user-role" label={t("admin:users.field.role")} errors={errors.role} testId="error-role">
          {(props) => (
            <select {...props} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {ROLES.map((item) => (
                <option key={item} value={item}>
                  {t(`common:role.${item}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="user-team" label={t("admin:users.field.team")} errors={errors.teamId} testId="error-teamId" hint={t("admin:users.hint.team")}>
          {(props) => <input {...props} list={TEAMS_LIST} value={teamId} onChange={(event) => setTeamId(event.target.value)} />}
        </Field>
        <Field id="user-password" label={t("admin:users.field.password")} errors={errors.password} testId="error-password" hint={t("admin:users.hint.password")}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
      </div>
      <SubmitActions saving={saving} label={t("admin:users.create")} savingLabel={t("admin:users.creating")} />
    </form>
  );
}

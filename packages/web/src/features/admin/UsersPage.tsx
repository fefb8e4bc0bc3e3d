import { useEffect, useState, type FormEvent } from "react";
import { ApiError, api } from "../../api/client";
import { ROLES, type Role, type UpdateUserInput, type User } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { capitalize, formatDateTime } from "../../format";
import { Field, FieldMessages, fieldErrorsOf, type FieldErrors } from "../../form";
import { useFormSubmission } from "../../features/admin/useFormSubmission";
import { useReloadable } from "../../hooks";
import { useMe } from "../../session";

const TEAMS_LIST = "user-teams";

/**
 * Admins: who can sign in, with which role and team. Role, team and active state change in
 * place (`PATCH /v1/users/{id}`); a refusal (a field error, or the 409 for deactivating yourself
 * or taking away the last admin) is shown next to the control it concerns.
 */
export function UsersPage() {
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
    <section className="page" aria-labelledby="users-title">
      <div className="page-header">
        <h1 id="users-title">Users</h1>
        {users.status === "ready" ? (
          <span className="muted" data-testid="users-summary">
            {list.length} {list.length === 1 ? "user" : "users"}
            {inactive ? `, ${inactive} deactivated` : ""}
          </span>
        ) : null}
      </div>
      {users.status === "error" ? <ErrorMessage error={users.error} /> : null}
      <datalist id={TEAMS_LIST}>
        {teams.map((team) => (
          <option key={team} value={team} />
        ))}
      </datalist>
      <div className="table-wrap">
        <table className="table users-table" data-testid="users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Team</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow key={user.userId} user={user} isMe={user.userId === me?.userId} onChanged={replace} />
            ))}
          </tbody>
        </table>
        {users.status === "loading" ? <Spinner label="Loading users…" /> : null}
      </div>
      <NewUserForm onCreated={users.reload} />
    </section>
  );
}

type Control = "role" | "teamId" | "active";

/** Any failure as words next to the control: the API's field errors, else its detail. */
function errorsFor(control: Control, error: unknown): FieldErrors {
  const byField = fieldErrorsOf(error);
  if (Object.keys(byField).length > 0) return byField;
  const message = error instanceof ApiError ? error.problem.detail || error.problem.title : error instanceof Error ? error.message : String(error);
  return { [control]: [message] };
}

function UserRow({ user, isMe, onChanged }: { user: User; isMe: boolean; onChanged: (user: User) => void }) {
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
      setErrors(errorsFor(control, error));
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
        {isMe ? <span className="badge">You</span> : null}
      </th>
      <td>
        {user.email}
        <br />
        <span className="since">
          since <time dateTime={user.createdAt}>{formatDateTime(user.createdAt)}</time>
        </span>
      </td>
      <td>
        <div className="cell-field">
          <select
            id={id("role")}
            aria-label={`Role of ${user.name}`}
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
                {capitalize(role)}
              </option>
            ))}
          </select>
          <FieldMessages id={`${id("role")}-error`} testId="error-role" messages={errors.role} />
        </div>
      </td>
      <td>
        <form className="cell-field" onSubmit={saveTeam} noValidate>
          <div className="cell-row">
            <input
              id={id("teamId")}
              aria-label={`Team of ${user.name}`}
              data-testid="user-team"
              list={TEAMS_LIST}
              placeholder="No team"
              value={team}
              onChange={(event) => setTeam(event.target.value)}
              {...described("teamId")}
            />
            <button type="submit" className="button" data-testid="save-team" disabled={!teamDirty || saving !== undefined}>
              {saving === "teamId" ? "Saving…" : "Save"}
            </button>
          </div>
          <FieldMessages id={`${id("teamId")}-error`} testId="error-teamId" messages={errors.teamId} />
        </form>
      </td>
      <td>
        <div className="cell-field">
          <div className="cell-row">
            <span className={`badge status ${user.active ? "status-active" : "status-deactivated"}`} data-testid="user-status">
              {user.active ? "Active" : "Deactivated"}
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
              {saving === "active" ? "Saving…" : user.active ? "Deactivate" : "Reactivate"}
            </button>
          </div>
          <FieldMessages id={`${id("active")}-error`} testId="error-active" messages={errors.active} />
        </div>
      </td>
    </tr>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [teamId, setTeamId] = useState("");
  const [password, setPassword] = useState("");
  const { errors, failure, saving, done, submitWith } = useFormSubmission();

  const submit = submitWith(async () => {
    const user = await api.createUser({ name, email, role, password, ...(teamId.trim() ? { teamId: teamId.trim() } : {}) });
    setName("");
    setEmail("");
    setTeamId("");
    setPassword("");
    onCreated();
    return `${user.name} (${user.email}) can now sign in as ${user.role}.`;
  });

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} aria-labelledby="new-user-title">
      <h2 id="new-user-title">New user</h2>
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      {failure !== undefined && Object.keys(errors).length === 0 ? <ErrorMessage error={failure} /> : null}
      <div className="grid-2">
        <Field id="user-name" label="Name" errors={errors.name} testId="error-name">
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field id="user-email" label="Email" errors={errors.email} testId="error-email">
          {(props) => <input {...props} type="email" value={email} onChange={(event) => setEmail(event.target.value)} />}
        </Field>
        <Field id="user-role" label="Role" errors={errors.role} testId="error-role">
          {(props) => (
            <select {...props} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {ROLES.map((item) => (
                <option key={item} value={item}>
                  {capitalize(item)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="user-team" label="Team" errors={errors.teamId} testId="error-teamId" hint="Optional, e.g. sales-north">
          {(props) => <input {...props} list={TEAMS_LIST} value={teamId} onChange={(event) => setTeamId(event.target.value)} />}
        </Field>
        <Field id="user-password" label="Password" errors={errors.password} testId="error-password" hint="At least 10 characters">
          {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}

import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ROLES, type Role } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { capitalize, formatDateTime } from "../../format";
import { Field, fieldErrorsOf, type FieldErrors } from "../../form";
import { useReloadable } from "../../hooks";

/** Admins: who can sign in, with which role; new accounts get a password to hand over. */
export function UsersPage() {
  const users = useReloadable(() => api.listUsers(), []);
  return (
    <section className="page" aria-labelledby="users-title">
      <div className="page-header">
        <h1 id="users-title">Users</h1>
      </div>
      {users.status === "error" ? <ErrorMessage error={users.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {(users.status === "ready" ? users.data : []).map((user) => (
              <tr key={user.userId} data-testid={`user-${user.userId}`}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>
                  <span className="badge">{capitalize(user.role)}</span>
                </td>
                <td>
                  <time dateTime={user.createdAt}>{formatDateTime(user.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.status === "loading" ? <Spinner label="Loading users…" /> : null}
      </div>
      <NewUserForm onCreated={users.reload} />
    </section>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    setDone(undefined);
    try {
      const user = await api.createUser({ name, email, role, password });
      setDone(`${user.name} (${user.email}) can now sign in as ${user.role}.`);
      setName("");
      setEmail("");
      setPassword("");
      onCreated();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

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

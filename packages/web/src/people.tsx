import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "./api/client";
import type { Colleague } from "./api/types";
import { useResource } from "./hooks";
import { t } from "./i18n";
import { can, useMe } from "./session";

/**
 * Everyone's name for the signed-in user: the full directory for the roles that read users
 * (`GET /v1/users`: admins, managers, sales; `complete`), names only for the others
 * (`GET /v1/users/directory`: mentions, names on cards). `ready` is false while it loads.
 */
export function useUsers(): { users: Colleague[]; ready: boolean; complete: boolean } {
  const me = useMe();
  const complete = can(me, "readUsers");
  const listed = useResource<Colleague[]>(async () => (complete ? api.listUsers() : me ? api.userDirectory() : []), [me?.userId, complete]);
  const users = listed.status === "ready" ? listed.data : [];
  const withMe = me && !users.some((user) => user.userId === me.userId) ? [...users, me] : users;
  return { users: withMe, ready: me !== undefined && listed.status !== "loading", complete: complete && listed.status === "ready" };
}

/** "Name" (or the email) for a user ID; system actors by their reason; unknown IDs as they are. */
export function namer(users: readonly Colleague[]): (id: string) => string {
  const byId = new Map(users.map((user) => [user.userId, user]));
  return (id) => {
    if (id.startsWith("system:")) return systemName(id.slice("system:".length));
    const user = byId.get(id);
    return user ? user.name || user.email : id;
  };
}

/**
 * Like `namer`, for people holding an assignment (responsible managers, operators): a
 * deactivated one is marked, since their work needs handing over.
 */
export function assigneeNamer(users: readonly Colleague[]): (id: string) => string {
  const nameOf = namer(users);
  const inactive = new Set(users.filter((user) => !user.active).map((user) => user.userId));
  return (id) => (inactive.has(id) ? t("cards:people.deactivated", { name: nameOf(id) }) : nameOf(id));
}

/**
 * Who a picker offers for new work: active users, plus those in `kept` (already assigned; the
 * API keeps existing assignments of a deactivated user but refuses new ones).
 */
export function assignable<T extends Colleague>(users: readonly T[], kept: readonly string[] = []): T[] {
  return users.filter((user) => user.active || kept.includes(user.userId));
}

/** A user's name in a picker; a deactivated one is marked. */
export const pickerLabel = (user: Colleague) => (user.active ? user.name || user.email : t("cards:people.deactivated", { name: user.name || user.email }));

/**
 * Checkboxes of users (responsible managers): active users, and the deactivated ones that were
 * chosen when it opened (marked, so they can be unticked); IDs not in the directory stay listed by ID.
 */
export function UserChecklist({
  legend,
  users,
  chosen,
  onChange,
  messages,
  testId,
}: {
  legend: string;
  users: readonly Colleague[];
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
  messages?: string[];
  testId: string;
}) {
  useTranslation();
  const [initial] = useState(() => [...chosen]);
  const offered = assignable(users, initial);
  const byId = new Map(offered.map((user) => [user.userId, user]));
  const nameOf = namer(users);
  const ids = [...offered.map((user) => user.userId), ...chosen.filter((id) => !byId.has(id))];
  return (
    <fieldset className={`checks${messages ? " invalid" : ""}`} data-testid={testId} aria-describedby={messages ? `${testId}-error` : undefined}>
      <legend>{legend}</legend>
      {ids.map((id) => (
        <label key={id} className="check-row">
          <input
            type="checkbox"
            checked={chosen.includes(id)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, id] : chosen.filter((item) => item !== id))}
          />
          <span>{byId.has(id) ? pickerLabel(byId.get(id)!) : nameOf(id)}</span>
        </label>
      ))}
      {messages?.length ? (
        <p className="field-error" id={`${testId}-error`} data-testid={`error-${testId}`}>
          {messages.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Who a system actor is (`system:<reason>`), in the reader's words: "System (call lists)" ("dialer" is the reason older notes carry). */
function systemName(reason: string): string {
  const what = (() => {
    if (/^(call-list engine|engine|dialer|call list)/.test(reason)) return t("cards:people.systemCallLists");
    if (reason.startsWith("click-to-call")) return t("cards:people.systemClickToCall");
    if (/^(inbound|telephony|operator card pop)/.test(reason)) return t("cards:people.systemTelephony");
    if (reason.startsWith("web form")) return t("cards:people.systemWebForm");
    if (reason.startsWith("chat")) return t("cards:people.systemChat");
    if (/^(import|job|recordings|trash)/.test(reason)) return t("cards:people.systemAutomation");
    return undefined;
  })();
  return what ? t("cards:people.system", { what }) : t("cards:people.systemUnknown");
}

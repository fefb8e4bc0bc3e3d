import type { ActiveCall } from "../../api/types";
import { assigneeNamer, useUsers } from "../../people";
import { Prop } from "./Prop";

type Summary = NonNullable<ActiveCall["summary"]>;

/** Who is on the line: company, phones (formatted), responsible managers, tags. */
export function SubjectSummary({ summary }: { summary: Summary }) {
  const { users } = useUsers();
  const nameOf = assigneeNamer(users);
  return (
    <dl className="props" data-testid={summary.kind === "company" ? "pop-company" : "pop-summary"}>
      {summary.company ? <Prop label="Company">{summary.company}</Prop> : null}
      <Prop label="Phones" testId="pop-phones">
        {summary.phones.length
          ? summary.phones.map((phone, index) => (
              <span key={phone.number} title={phone.number}>
                {index > 0 ? ", " : ""}
                {phone.display}
                {phone.primary ? " (primary)" : ""}
              </span>
            ))
          : "—"}
      </Prop>
      <Prop label="Responsible" testId="pop-responsible">
        {summary.responsibleIds.map(nameOf).join(", ") || "—"}
      </Prop>
      {summary.tags.length ? <Prop label="Tags">{summary.tags.join(", ")}</Prop> : null}
    </dl>
  );
}

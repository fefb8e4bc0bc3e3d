import { useTranslation } from "react-i18next";
import type { ActiveCall } from "../../api/types";
import { formatPhone } from "../../format";
import { assigneeNamer, useUsers } from "../../people";
import { Prop } from "./Prop";

type Summary = NonNullable<ActiveCall["summary"]>;

/** Who is on the line: company, phones (formatted), responsible managers, tags. */
export function SubjectSummary({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const nameOf = assigneeNamer(users);
  return (
    <dl className="props" data-testid={summary.kind === "company" ? "pop-company" : "pop-summary"}>
      {summary.company ? <Prop label={t("operator:props.company")}>{summary.company}</Prop> : null}
      <Prop label={t("operator:props.phones")} testId="pop-phones">
        {summary.phones.length
          ? summary.phones.map((phone, index) => (
              <span key={phone.number} data-number={phone.number}>
                {index > 0 ? ", " : ""}
                {phone.primary ? t("operator:props.primaryPhone", { phone: formatPhone(phone.number) }) : formatPhone(phone.number)}
              </span>
            ))
          : "—"}
      </Prop>
      <Prop label={t("operator:props.responsible")} testId="pop-responsible">
        {summary.responsibleIds.map(nameOf).join(", ") || "—"}
      </Prop>
      {summary.tags.length ? <Prop label={t("operator:props.tags")}>{summary.tags.join(", ")}</Prop> : null}
    </dl>
  );
}

import "../../cards/card.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import type { CompanyActivity, CompanyTimelinePage } from "../../../api/types";
import { ErrorMessage, Spinner } from "../../../components";
import { useResource } from "../../../hooks";
import { namer, useUsers } from "../../../people";
import { navigate, paths } from "../../../router";
import { can, useMe } from "../../../session";
import { CardConflict, CardHeader, CardLoadFailure } from "../../cards/CardFrame";
import { DeleteSection } from "../../cards/DeleteSection";
import { Timeline, TIMELINE_PAGE } from "../../cards/timeline/Timeline";
import { CallButton } from "../../calls/CallButton";
import { RecordingPlayer } from "../../calls/RecordingPlayer";
import { CompanyCallListBox } from "./CompanyCallListBox";
import { CompanyContacts } from "./CompanyContacts";
import { CompanyDetails } from "./CompanyDetails";
import type { CompanyFields } from "./companyDraft";

/** `/companies/{id}`: the company's card around its timeline, then all its contacts. */
export function CompanyPage({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [attempt, setAttempt] = useState(0);
  const company = useResource(() => api.getCompanyForEdit(companyId), [companyId, attempt]);
  const definitions = useResource(() => api.listCustomFields("company"), []);
  const tags = useResource(() => api.listCompanyTags(), []);
  const { users } = useUsers();
  const [saved, setSaved] = useState<{ company: CompanyFields; etag: string }>();
  const [conflict, setConflict] = useState(false);
  /** The timeline as paged on this screen; reset when the company is loaded again. */
  const [timeline, setTimeline] = useState<{ loaded: unknown; page: CompanyTimelinePage }>();
  const back = { to: paths.companies, label: t("companies:card.back") };

  if (company.status === "loading") return <Spinner label={t("companies:card.loading")} />;
  if (company.status === "error") {
    return <CardLoadFailure error={company.error} back={back} notFound={{ title: t("companies:card.notFound"), text: t("companies:card.notFoundHint") }} />;
  }
  const loaded = company.data;
  // The last save wins over the load it started from (until the next reload).
  const current = saved && saved.company.companyId === loaded.company.companyId && saved.company.version > loaded.company.version ? saved : undefined;
  const data: CompanyFields = current?.company ?? loaded.company;
  const etag = current?.etag ?? loaded.etag ?? `"${loaded.company.version}"`;
  const reload = () => {
    setConflict(false);
    setSaved(undefined);
    setAttempt((value) => value + 1);
  };
  const page = timeline?.loaded === loaded ? timeline.page : loaded.company.timeline;

  return (
    <section className="page company-card" aria-labelledby="company-title">
      <CardHeader back={back} titleId="company-title" title={data.name} />
      {conflict ? <CardConflict title={t("companies:card.conflict")} text={t("companies:card.notSaved")} reload={t("companies:card.reload")} onReload={reload} testId="company-conflict" /> : null}
      {can(me, "manageCallLists") ? <CompanyCallListBox company={data} /> : null}
      <div className="card-layout">
        <div className="card-fields">
          {definitions.status === "error" ? <ErrorMessage error={definitions.error} /> : null}
          {definitions.status === "ready" ? (
            <CompanyDetails
              key={`${data.companyId}:${attempt}`}
              company={data}
              phoneAction={(phone) => <CallButton subject={{ companyId: data.companyId }} phone={phone} name={data.name} />}
              etag={etag}
              definitions={definitions.data}
              tags={tags.status === "ready" ? tags.data : []}
              users={users}
              onSaved={(company, next) => setSaved({ company, etag: next })}
              onConflict={() => setConflict(true)}
            />
          ) : (
            <Spinner label={t("companies:card.loadingFields")} />
          )}
        </div>
        <div className="card-main">
          <Timeline<CompanyActivity>
            key={data.companyId}
            headingId="company-timeline"
            testIds={{ list: "company-timeline", item: "company-activity", more: "company-timeline-more" }}
            page={page}
            onPage={(next) => setTimeline({ loaded, page: next })}
            loadOlder={(cursor) => api.companyTimeline(data.companyId, { limit: TIMELINE_PAGE, cursor })}
            loadCalls={(cursor) => api.companyTimeline(data.companyId, { limit: TIMELINE_PAGE, cursor, kind: "call" })}
            nameOf={namer(users)}
            recordingPlayer={(callId, durationSeconds) => <RecordingPlayer callId={callId} durationSeconds={durationSeconds} />}
            emptyText={t("companies:card.timelineEmpty")}
          />
        </div>
      </div>
      <CompanyContacts companyId={data.companyId} />
      {can(me, "admin") ? (
        <DeleteSection
          id="delete-company"
          question={t("companies:card.deleteQuestion", { name: data.name })}
          action={t("companies:card.delete")}
          testIds={{ start: "delete-company", confirm: "confirm-delete-company" }}
          remove={async () => {
            await api.deleteCompany(data.companyId);
            navigate(paths.companies);
          }}
        />
      ) : null}
    </section>
  );
}

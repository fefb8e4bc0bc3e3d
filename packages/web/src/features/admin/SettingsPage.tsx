import { ErrorMessage, Spinner } from "../../components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { OrganizationSettings, UpdateSettingsInput } from "../../api/types";
import { Field, SubmitActions } from "../../form";
import { countryName, formatDateTime, formatList } from "../../format";
import { languageNames, languages, t, type Language } from "../../i18n";
import { useReloadable } from "../../hooks";
import { errorsUnder, localizedFieldErrors } from "./fieldErrors";
import { FormOutcome } from "./FormOutcome";
import { useFormSubmission } from "./useFormSubmission";
import { PageFrame } from "../shell/PageFrame";

/** The reasons the product ships with: shown to operators in their own language. */
const BUILT_IN_PAUSE_REASONS = ["break", "training", "after-call-work", "other"];
const NUMBER_FIELDS = ["wrapUpSeconds", "recordingRetentionDays", "callLogRetentionDays"] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** The rules the API names only `invalid`, in this page's words; a reason's error names the reason. */
const settingsErrors = (error: unknown) =>
  localizedFieldErrors(error, {
    rules: { pauseReasons: t("admin:settings.rule.pauseReasons") },
    itemLabel: (path, index) => (path.startsWith("pauseReasons") ? t("admin:settings.reasonN", { n: index + 1 }) : undefined),
  });

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** What people type into a number field: digits become a number; anything else goes as typed, for the API to name. */
function numberInput(text: string): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : (trimmed as unknown as number);
}

/** Admins: the organization's settings (`GET`/`PATCH /v1/settings`). */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useReloadable(() => api.settings(), []);
  return (
    <PageFrame id="settings" title={t("admin:settings.title")}>
      {settings.status === "error" ? <ErrorMessage error={settings.error} fieldErrors={false} /> : null}
      {settings.status === "loading" ? <Spinner label={t("admin:settings.loading")} /> : null}
      {settings.status === "ready" ? <SettingsForm initial={settings.data} /> : null}
    </PageFrame>
  );
}

function SettingsForm({ initial }: { initial: OrganizationSettings }) {
  const { t } = useTranslation();
  // The settings as last saved (PATCH answers them): the form keeps what was typed.
  const [settings, setSettings] = useState(initial);
  const [companyName, setCompanyName] = useState(settings.companyName ?? "");
  const [defaultLanguage, setDefaultLanguage] = useState<Language>(settings.defaultLanguage);
  const [pauseReasons, setPauseReasons] = useState(settings.pauseReasons.join("\n"));
  const [recordingDefault, setRecordingDefault] = useState(settings.recordingDefault);
  const [recordingAnnouncement, setRecordingAnnouncement] = useState(settings.recordingAnnouncement ?? "");
  const [numbers, setNumbers] = useState<Record<NumberField, string>>({
    wrapUpSeconds: settings.wrapUpSeconds?.toString() ?? "",
    recordingRetentionDays: String(settings.recordingRetentionDays),
    callLogRetentionDays: String(settings.callLogRetentionDays),
  });
  const { errors, failure, saving, done, submitWith } = useFormSubmission(settingsErrors);

  const submit = submitWith(async () => {
    const patch: Record<string, unknown> = {
      companyName,
      defaultLanguage,
      pauseReasons: lines(pauseReasons),
      recordingDefault,
      recordingAnnouncement,
    };
    for (const name of NUMBER_FIELDS) {
      const value = numberInput(numbers[name]);
      if (value !== undefined) patch[name] = value;
    }
    const saved = await api.updateSettings(patch as UpdateSettingsInput);
    setSettings(saved);
    setPauseReasons(saved.pauseReasons.join("\n"));
    return t("admin:settings.saved");
  });

  const numberField = (name: NumberField, hint: string) => (
    <Field id={`settings-${name}`} label={t(`admin:settings.field.${name}`)} errors={errors[name]} hint={hint} testId={`error-${name}`}>
      {(props) => <input {...props} inputMode="numeric" value={numbers[name]} onChange={(event) => setNumbers((current) => ({ ...current, [name]: event.target.value }))} />}
    </Field>
  );
  const placed = (path: string) => ["companyName", "defaultLanguage", "pauseReasons", "recordingDefault", "recordingAnnouncement", ...NUMBER_FIELDS].some((name) => path === name || path.startsWith(`${name}[`));
  const shownReasons = lines(pauseReasons).map((reason) => (BUILT_IN_PAUSE_REASONS.includes(reason) ? t(`admin:settings.pauseReason.${reason}`) : reason));

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} data-testid="settings-form">
      <FormOutcome done={done} failure={failure} errors={errors} placed={placed} />
      <h2>{t("admin:settings.section.organization")}</h2>
      <div className="grid-2">
        <Field id="settings-companyName" label={t("admin:settings.field.companyName")} errors={errors.companyName} hint={t("admin:settings.hint.companyName")} testId="error-companyName">
          {(props) => <input {...props} value={companyName} onChange={(event) => setCompanyName(event.target.value)} />}
        </Field>
        <Field id="settings-defaultLanguage" label={t("admin:settings.field.defaultLanguage")} errors={errors.defaultLanguage} hint={t("admin:settings.hint.defaultLanguage")} testId="error-defaultLanguage">
          {(props) => (
            <select {...props} value={defaultLanguage} onChange={(event) => setDefaultLanguage(event.target.value as Language)}>
              {languages.map((language) => (
                <option key={language} value={language} lang={language}>
                  {languageNames[language]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="settings-country" label={t("admin:settings.field.country")} hint={t("admin:settings.hint.country")}>
          {(props) => <input {...props} readOnly value={countryName(settings.country)} data-testid="settings-country" />}
        </Field>
      </div>
      <h2>{t("admin:settings.section.calls")}</h2>
      <div className="grid-2">
        <Field id="settings-pauseReasons" label={t("admin:settings.field.pauseReasons")} errors={errorsUnder(errors, "pauseReasons")} hint={t("admin:settings.hint.pauseReasons", { reasons: formatList(shownReasons) })} testId="error-pauseReasons">
          {(props) => <textarea {...props} rows={5} value={pauseReasons} onChange={(event) => setPauseReasons(event.target.value)} />}
        </Field>
        {numberField("wrapUpSeconds", t("admin:settings.hint.wrapUpSeconds"))}
      </div>
      <h2>{t("admin:settings.section.recording")}</h2>
      <label className="check-row">
        <input type="checkbox" checked={recordingDefault} onChange={(event) => setRecordingDefault(event.target.checked)} data-testid="settings-recordingDefault" />
        <span>{t("admin:settings.field.recordingDefault")}</span>
      </label>
      <div className="grid-2">
        <Field id="settings-recordingAnnouncement" label={t("admin:settings.field.recordingAnnouncement")} errors={errors.recordingAnnouncement} hint={t("admin:settings.hint.recordingAnnouncement")} testId="error-recordingAnnouncement">
          {(props) => <textarea {...props} rows={2} value={recordingAnnouncement} onChange={(event) => setRecordingAnnouncement(event.target.value)} />}
        </Field>
        {numberField("recordingRetentionDays", t("admin:settings.hint.recordingRetentionDays"))}
        {numberField("callLogRetentionDays", t("admin:settings.hint.callLogRetentionDays"))}
      </div>
      {settings.updatedAt ? <p className="muted">{t("admin:settings.updatedAt", { date: formatDateTime(settings.updatedAt) })}</p> : null}
      <SubmitActions saving={saving} label={t("common:action.save")} savingLabel={t("common:action.saving")} testId="settings-save" />
    </form>
  );
}

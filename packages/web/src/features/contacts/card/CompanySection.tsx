import { useEffect, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../../api/client";
import type { CompanyListItem } from "../../../api/types";
import { FieldMessages } from "../../../form";
import { Link, paths } from "../../../router";
import { FormFailure } from "../../cards/FormFailure";
import { SectionFrame } from "../../cards/SectionFrame";
import type { SectionProps } from "./sectionProps";
import { useSaving } from "./useSaving";

/** How long typing must pause before the finder is asked (one Query per pause, not per key). */
const SEARCH_DELAY_MS = 200;

type Choice = { kind: "company"; company: CompanyListItem } | { kind: "create"; name: string };

/**
 * The contact's company: a summary linking to the company page; in edit mode a picker that
 * searches the companies finder as you type (`GET /v1/companies?q=`), picks one, or creates a
 * new company by the typed name (`POST /v1/companies`) and links it; or unlinks.
 */
export function CompanySection({ contact, editing, onEdit, onClose, save, folded }: SectionProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<CompanyListItem[]>([]);
  /** The text `results` answer: "create" waits for them, so nobody creates a company that exists. */
  const [resultsFor, setResultsFor] = useState<string>();
  const [searching, setSearching] = useState(false);
  const [active, setActive] = useState(0);
  const { errors, failure, saving: busy, attempt: run, edit, setErrors, setFailure } = useSaving(save, onClose, onEdit);
  /** A company this picker created whose link then failed: picking "create" again reuses it. */
  const [unlinked, setUnlinked] = useState<{ companyId: string; name: string }>();

  const typed = query.trim();
  useEffect(() => {
    if (!editing) return;
    let current = true;
    setSearching(true);
    const timer = setTimeout(() => {
      api.findCompanies(typed ? { q: typed, sort: "name", limit: "10" } : { sort: "name", limit: "10" }).then(
        (page) => current && (setResults(page.items), setResultsFor(typed), setActive(0)),
        (error: unknown) => {
          if (!current) return;
          // Text the finder cannot search (a lone "-") matches no company: creating is the only choice.
          if (error instanceof ApiError && error.status === 400) (setResults([]), setResultsFor(typed));
          else setFailure(error);
        },
      ).finally(() => current && setSearching(false));
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [editing, typed]);

  const exact = results.some((company) => company.name.toLowerCase() === typed.toLowerCase());
  const choices: Choice[] = [
    ...results.filter((company) => company.companyId !== contact.companyId).map((company) => ({ kind: "company" as const, company })),
    ...(typed && resultsFor === typed && !exact ? [{ kind: "create" as const, name: typed }] : []),
  ];

  const choose = (choice: Choice) =>
    run(async () => {
      let companyId: string;
      if (choice.kind === "company") companyId = choice.company.companyId;
      else if (unlinked && unlinked.name.toLowerCase() === choice.name.toLowerCase()) companyId = unlinked.companyId;
      else {
        companyId = (await api.createCompany({ name: choice.name })).companyId;
        setUnlinked({ companyId, name: choice.name });
      }
      await save({ companyId });
      setUnlinked(undefined);
    });
  const unlink = () => run(() => save({ companyId: null }));

  const start = edit(() => {
    setQuery("");
    setResults([]);
    setResultsFor(undefined);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (choices.length === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => (index + step + choices.length) % choices.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const choice = choices[Math.min(active, choices.length - 1)];
      if (choice) void choose(choice);
    } else if (event.key === "Escape") {
      onClose();
    }
  };

  const summary = contact.company ? (
    <p data-testid="contact-company">
      <Link to={paths.company(contact.company.companyId)}>{contact.company.name}</Link>
      {contact.company.shortName && contact.company.shortName !== contact.company.name ? <span className="muted"> ({contact.company.shortName})</span> : null}
    </p>
  ) : (
    <p className="muted" data-testid="contact-company">
      {t("contactCard:company.none")}
    </p>
  );

  if (!editing) {
    return (
      <SectionFrame id="company" title={t("contactCard:section.company")} editing={false} onEdit={start} folded={folded && failure === undefined}>
        {summary}
        {failure !== undefined ? <FormFailure failure={failure} errors={errors} placed={() => false} /> : null}
        {contact.company ? (
          <button type="button" className="button-link" data-testid="unlink-company" disabled={busy} onClick={() => void unlink()}>
            {busy ? t("contactCard:company.unlinking") : t("contactCard:company.unlink")}
          </button>
        ) : null}
      </SectionFrame>
    );
  }

  // `companyId` (the link) and `name` (a new company's name) are the fields this picker owns.
  const messages = [...(errors.companyId ?? []), ...(errors.name ?? [])];
  const listId = "company-choices";
  return (
    <SectionFrame id="company" title={t("contactCard:section.company")} editing>
      {summary}
      <FormFailure failure={failure} errors={errors} placed={(path) => path === "companyId" || path === "name"} />
      {unlinked && failure !== undefined ? (
        <p className="muted" role="status" data-testid="company-created-unlinked">
          {t("contactCard:company.createdUnlinked", { name: unlinked.name })}
        </p>
      ) : null}
      <div className={`field${messages.length ? " invalid" : ""}`}>
        <label htmlFor="company-search">{t("contactCard:company.search")}</label>
        <input
          id="company-search"
          role="combobox"
          autoComplete="off"
          autoFocus
          aria-expanded={choices.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={choices.length ? `${listId}-${Math.min(active, choices.length - 1)}` : undefined}
          aria-invalid={messages.length > 0}
          aria-describedby={messages.length ? "company-search-error" : undefined}
          value={query}
          disabled={busy}
          onChange={(event) => {
            setQuery(event.target.value);
            setErrors({});
            setFailure(undefined);
          }}
          onKeyDown={onKeyDown}
        />
        <FieldMessages id="company-search-error" testId="error-company" messages={messages.length ? messages : undefined} />
      </div>
      <ul className="picker" role="listbox" id={listId} aria-label={t("contactCard:company.choices")} aria-busy={searching}>
        {choices.map((choice, index) => (
          <li
            key={choice.kind === "company" ? choice.company.companyId : "create"}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            data-testid={choice.kind === "company" ? "company-choice" : "company-create"}
            onMouseEnter={() => setActive(index)}
            // mousedown, not click: the input keeps focus and the choice is made before any blur.
            onMouseDown={(event) => {
              event.preventDefault();
              void choose(choice);
            }}
          >
            {choice.kind === "company" ? (
              <>
                {choice.company.name}
                {choice.company.shortName ? <span className="muted"> · {choice.company.shortName}</span> : null}
              </>
            ) : (
              <>{t("contactCard:company.create", { name: choice.name })}</>
            )}
          </li>
        ))}
      </ul>
      {!searching && choices.length === 0 ? <p className="muted">{typed ? t("contactCard:company.noMatch") : t("contactCard:company.typeToFind")}</p> : null}
      <div className="section-actions">
        {busy ? <span className="muted">{t("common:action.saving")}</span> : null}
        <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
          {t("common:action.cancel")}
        </button>
      </div>
    </SectionFrame>
  );
}

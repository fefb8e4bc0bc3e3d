import { ErrorMessage } from "../../components";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { PageSize, SavedView } from "../../api/types";
import { useReloadable } from "../../hooks";
import { knownColumns, urlFilters, viewFilters, type ListState } from "./listState";

/** Saved views of the contacts list: pick one, save the current filters, sort and columns, delete. */
export function ViewPicker({ list, onPick }: { list: ListState; onPick: (state: ListState) => void }) {
  const { t } = useTranslation();
  const views = useReloadable(() => api.listViews(), []);
  const [chosen, setChosen] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>();
  const all: SavedView[] = views.status === "ready" ? views.data : [];
  const pick = (viewId: string) => {
    setChosen(viewId);
    const view = all.find((item) => item.viewId === viewId);
    if (!view) return;
    const columns = knownColumns(view.columns);
    onPick({
      filters: urlFilters(view.filters),
      sort: view.sort,
      order: view.order,
      limit: view.pageSize as PageSize,
      columns: columns.includes("name") ? columns : ["name", ...columns],
    });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const view = await api.createView({ name: name.trim(), filters: viewFilters(list.filters), sort: list.sort, order: list.order, columns: list.columns, pageSize: list.limit });
      setName("");
      setChosen(view.viewId);
      views.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const remove = async () => {
    if (!chosen) return;
    await api.deleteView(chosen).catch(setError);
    setChosen("");
    views.reload();
  };
  return (
    <div className="toolbar contacts-tools" role="region" aria-label={t("contacts:views.region")}>
      <label className="inline-field">
        <span>{t("contacts:views.saved")}</span>
        <select aria-label={t("contacts:views.saved")} value={chosen} onChange={(event) => pick(event.target.value)}>
          <option value="">—</option>
          {all.map((view) => (
            <option key={view.viewId} value={view.viewId}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button-ghost" disabled={!chosen} onClick={remove}>
        {t("contacts:views.delete")}
      </button>
      <form className="inline-field contacts-tools" onSubmit={save}>
        <label className="inline-field">
          <span>{t("contacts:views.name")}</span>
          <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button" disabled={!name.trim()}>
          {t("contacts:views.save")}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

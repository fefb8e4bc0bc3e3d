import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { PageSize } from "../../api/types";
import { CursorPager, ErrorMessage } from "../../components";
import { Link } from "../../router";
import { ListTable, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";

const PAGE_SIZE: PageSize = 20;

interface TrashPage<T> {
  items: T[];
  cursor: string | null;
}

/** One kind of deleted record (contacts, companies) as the trash shows and restores it. */
export interface TrashKind<T> {
  /** `data-testid` of the table; rows are `<testId>-<id>`, their buttons `<restoreTestId>-<id>`. */
  testId: string;
  restoreTestId: string;
  load: (page: { limit: PageSize; cursor: string | null }) => Promise<TrashPage<T>>;
  /** Restores one; answers what the success message names and where it links. */
  restore: (id: string) => Promise<{ id: string; name: string }>;
  idOf: (item: T) => string;
  nameOf: (item: T) => string;
  /** Columns between the name and the restore button; texts are functions, read in the current language. */
  columns: { key: string; header: () => string; cell: (item: T) => ReactNode }[];
  linkTo: (id: string) => string;
  linkLabel: () => string;
  loadingLabel: () => string;
  emptyText: () => string;
}

/** A paged table of deleted records, newest first, each with a Restore button. */
export function TrashTable<T>({ kind }: { kind: TrashKind<T> }) {
  const { t } = useTranslation();
  const page = usePagedList(["trash", kind.testId], (cursor) => kind.load({ limit: PAGE_SIZE, cursor }));
  const [restored, setRestored] = useState<{ id: string; name: string }>();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  const restore = async (id: string) => {
    setBusy(id);
    setFailure(undefined);
    try {
      setRestored(await kind.restore(id));
      page.invalidate();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  const columns: ListColumn<T>[] = [
    { key: "name", header: t("trash:column.name"), rowHeader: true, cell: kind.nameOf },
    ...kind.columns.map((column) => ({ key: column.key, header: column.header(), cell: column.cell })),
    {
      key: "actions",
      header: <span className="visually-hidden">{t("trash:column.actions")}</span>,
      cell: (item: T) => {
        const id = kind.idOf(item);
        return (
          <button type="button" className="button" disabled={busy !== undefined} data-testid={`${kind.restoreTestId}-${id}`} onClick={() => void restore(id)}>
            {busy === id ? t("trash:restoring") : t("trash:restore")}
          </button>
        );
      },
    },
  ];
  return (
    <>
      {restored ? (
        <div className="alert alert-success" role="status">
          <span>
            {t("trash:restored", { name: restored.name })} <Link to={kind.linkTo(restored.id)}>{kind.linkLabel()}</Link>
          </span>
          <button type="button" className="button-link" aria-label={t("trash:dismiss")} onClick={() => setRestored(undefined)}>
            ×
          </button>
        </div>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <ListTable
        list={page}
        columns={columns}
        testId={kind.testId}
        rowKey={kind.idOf}
        rowProps={(item) => ({ "data-testid": `${kind.testId}-${kind.idOf(item)}` })}
        loadingLabel={kind.loadingLabel()}
        emptyText={kind.emptyText()}
      />
      {page.cursors.length > 1 || page.nextCursor ? <CursorPager cursors={page.cursors} onCursors={page.setCursors} nextCursor={page.nextCursor} /> : null}
    </>
  );
}

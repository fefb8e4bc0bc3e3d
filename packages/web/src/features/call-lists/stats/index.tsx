import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Spinner } from "../../../components";

const CallListCharts = lazy(() => import("./CallListCharts").then((module) => ({ default: module.CallListCharts })));

/** The list page's charts, loaded with their code (and Chart.js) only when the page shows them. */
export function LazyCallListCharts(props: { listId: string; version: string }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Spinner label={t("callLists:charts.loading")} />}>
      <CallListCharts {...props} />
    </Suspense>
  );
}

import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Spinner } from "../../components";

const ReportsPage = lazy(() => import("./ReportsPage").then((module) => ({ default: module.ReportsPage })));

/** The reports page, loaded with its code (and Chart.js) only when opened. */
export function LazyReportsPage() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Spinner label={t("reports:loadingPage")} />}>
      <ReportsPage />
    </Suspense>
  );
}

import { lazy, Suspense } from "react";
import { Spinner } from "../../components";

const ReportsPage = lazy(() => import("./ReportsPage").then((module) => ({ default: module.ReportsPage })));

/** The reports page, loaded with its code (and Chart.js) only when opened. */
export function LazyReportsPage() {
  return (
    <Suspense fallback={<Spinner label="Loading reports…" />}>
      <ReportsPage />
    </Suspense>
  );
}

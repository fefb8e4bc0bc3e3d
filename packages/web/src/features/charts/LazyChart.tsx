import { useEffect, useRef, useState } from "react";
import type { Chart, ChartConfiguration } from "chart.js";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "../../i18n";
import { formatNumber } from "../../i18n/format";

/**
 * Chart.js is loaded on first use (its own chunk), so the console's first load does not carry
 * it; only the parts our charts use are registered.
 */
let chartClass: Promise<typeof Chart> | undefined;
export function loadChartJs(): Promise<typeof Chart> {
  chartClass ??= import("chart.js").then((module) => {
    module.Chart.register(
      module.BarController,
      module.BarElement,
      module.LineController,
      module.LineElement,
      module.PointElement,
      module.CategoryScale,
      module.LinearScale,
      module.Tooltip,
      module.Legend,
    );
    return module.Chart;
  });
  return chartClass;
}

/**
 * One chart on a canvas. `config` should be memoized: a new object redraws the chart. The canvas
 * carries `data-rendered` once drawn; the same numbers are always shown as text beside it
 * (a canvas is not readable by screen readers).
 */
export function LazyChart({ config, label, testId, height = 220 }: { config: ChartConfiguration; label: string; testId: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const { t } = useTranslation();

  useEffect(() => {
    let current = true;
    loadChartJs().then(
      (ChartClass) => {
        const element = canvas.current;
        if (!current || !element) return;
        if (chart.current) {
          chart.current.data = config.data;
          if (config.options) chart.current.options = config.options;
          chart.current.update();
        } else {
          chart.current = new ChartClass(element, config);
        }
        element.dataset.rendered = "true";
      },
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [config]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = undefined;
    },
    [],
  );

  return (
    <div className="chart" style={{ position: "relative", height }}>
      {failed ? <p className="muted">{t("reports:chart.failed")}</p> : null}
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}

/** Shared look: no animation (charts redraw on every poll), integers on count axes. */
export const baseOptions = {
  animation: false as const,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { position: "bottom" as const } },
};

export const palette = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

/** The options every chart shares, in the console's language (Chart.js formats tooltips with `locale`). */
export function chartOptions() {
  return { ...baseOptions, locale: currentLanguage() };
}

/** A value axis from zero: its title, and ticks as the reader writes numbers ("1 234"). */
export function valueAxis(title: string, options: { integers?: boolean } = {}) {
  return {
    beginAtZero: true,
    title: { display: true, text: title },
    ticks: { ...(options.integers ? { precision: 0 } : {}), callback: (value: string | number) => formatNumber(Number(value)) },
  };
}

import type { ReactNode } from "react";

/** One labelled line of a card's properties (`<dl className="props">`). */
export function Prop({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="prop" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

import type { ReactNode } from "react";

/**
 * A console page: a section named by its heading (`<id>-title`), the header's controls beside the
 * title, an optional line of introduction, then the page's own content.
 */
export function PageFrame({ id, title, actions, intro, narrow, className, children }: {
  id: string;
  title: ReactNode;
  /** Beside the title: links, a sort order, a summary. */
  actions?: ReactNode;
  intro?: ReactNode;
  /** A form page (the narrow column). */
  narrow?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  const titleId = `${id}-title`;
  return (
    <section className={["page", narrow ? "narrow" : undefined, className].filter(Boolean).join(" ")} aria-labelledby={titleId}>
      <div className="page-header">
        <h1 id={titleId}>{title}</h1>
        {actions}
      </div>
      {intro ? <p className="muted">{intro}</p> : null}
      {children}
    </section>
  );
}

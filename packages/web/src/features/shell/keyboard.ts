import { useEffect } from "react";

/** Typing here is text, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/** The page's search field: the list pages' SearchBox marks its input; else any search input in the main area. */
function searchField(): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>("#main [data-search-shortcut], #main input[type='search'], #main [role='search'] input");
}

/** "/" focuses the page's search field (as on GitHub or Gmail), unless the person is typing or a dialog is open. */
export function useSearchShortcut(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTyping(event.target) || document.querySelector("[aria-modal='true']")) return;
      const field = searchField();
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

/** The skip link's target: focus moves to the main area without changing the URL (the router would treat a #hash as a navigation). */
export function focusMain(event: { preventDefault(): void }): void {
  const main = document.getElementById("main");
  if (!main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView({ block: "start" });
}

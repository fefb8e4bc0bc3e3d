import { useCallback, useEffect, useId, useRef, useState } from "react";

/**
 * A button that shows and hides a panel (the phone-size navigation, the profile menu): the
 * button says whether it is open (aria-expanded, aria-controls); opening moves focus into the
 * panel, Escape closes it and gives focus back to the button, and a click or focus outside both
 * closes it.
 */
export function useDisclosure<B extends HTMLElement = HTMLButtonElement, P extends HTMLElement = HTMLElement>() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<B>(null);
  const panelRef = useRef<P>(null);
  const panelId = useId();
  const focusOnOpen = useRef(false);

  const close = useCallback((options: { restoreFocus?: boolean } = {}) => {
    setOpen(false);
    if (options.restoreFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    if (focusOnOpen.current) {
      focusOnOpen.current = false;
      panelRef.current?.querySelector<HTMLElement>("a[href], button:not([disabled]), select, input, [tabindex]:not([tabindex='-1'])")?.focus();
    }
    const inside = (target: EventTarget | null) => target instanceof Node && (panelRef.current?.contains(target) || buttonRef.current?.contains(target));
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      close({ restoreFocus: true });
    };
    const onPointer = (event: PointerEvent) => {
      if (!inside(event.target)) close();
    };
    const onFocus = (event: FocusEvent) => {
      if (!inside(event.target)) close();
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("focusin", onFocus);
    };
  }, [open, close]);

  const toggle = () => {
    focusOnOpen.current = !open;
    setOpen(!open);
  };

  return {
    open,
    close,
    buttonProps: { ref: buttonRef, "aria-expanded": open, "aria-controls": panelId, onClick: toggle },
    panelProps: { ref: panelRef, id: panelId },
  };
}

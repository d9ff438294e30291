/**
 * Where focus goes when the element that had it is gone: each screen marks its heading with
 * `data-focus-fallback`, the reading position a keyboard or screen reader user starts from.
 */
export function focusFallback(): void {
  document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
}

/** Whether an element can take focus now: still on the page, not disabled, not under a modal. */
export function canFocus(element: HTMLElement | null | undefined): element is HTMLElement {
  return (
    !!element &&
    element.isConnected &&
    element !== document.body &&
    !element.matches(':disabled') &&
    element.closest('[inert], [aria-hidden="true"]') === null
  );
}

/** Focuses `element` when it can take focus, else the screen's heading. */
export function focusOrFallback(element: HTMLElement | null | undefined): void {
  if (canFocus(element)) element.focus();
  else focusFallback();
}

const TABBABLE =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** The first element of `root` that Tab would reach. */
export function firstTabbable(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>(TABBABLE);
}

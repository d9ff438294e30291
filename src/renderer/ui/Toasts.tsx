import { dismissToast, useToastHost, useToasts } from './toast-store';

/**
 * The toasts, in the page's corner (`host` null) or in an open modal dialog (its host id): only
 * the topmost of those shows them, so they are never behind a dialog nor inert under it. The live
 * region stays in place while empty, so what is added to it is announced.
 */
export function Toasts({ host = null }: { host?: string | null }) {
  const toasts = useToasts();
  const shown = useToastHost() === host;
  return (
    <div className="toasts" role="status" aria-live="polite">
      {shown
        ? toasts.map((t) => (
            <div key={t.id} className={`toast toast-${t.kind}`}>
              <span>{t.text}</span>
              <button
                type="button"
                className="icon-button"
                aria-label="Dismiss"
                onClick={() => dismissToast(t.id)}
              >
                ×
              </button>
            </div>
          ))
        : null}
    </div>
  );
}

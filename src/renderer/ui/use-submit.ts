import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { AppError, Result } from '../../shared/errors';
import { firstTabbable } from './focus';

interface Outcome<T> {
  /** The work succeeded: close, say so, move on. */
  done: (value: T) => void;
  /** The words for a refusal (default: the service's message); null to show nothing. */
  failed?: (error: AppError) => string | null;
  /** The element to fix after a refusal (default: the form's first invalid field, else its first). */
  refocus?: () => HTMLElement | null;
}

export interface Submit {
  /** The work runs: the form holds its buttons (and usually its fields). */
  busy: boolean;
  /** What the service refused, to show under the form; null when nothing was refused. */
  error: string | null;
  setError: (error: string | null) => void;
  /** For the form element: where focus goes back to after a refusal. */
  formRef: RefObject<HTMLFormElement | null>;
  /** Runs the work once at a time; resolves true when it succeeded. */
  run: <T>(work: () => Promise<Result<T>>, outcome: Outcome<T>) => Promise<boolean>;
}

/**
 * A form's busy state, the service's refusal and where focus goes after it: while the work runs
 * the fields are held (disabled), which takes focus away; on a refusal focus comes back to the
 * field to fix, so the keyboard user is where the message is. One run at a time (a second Enter
 * while busy does nothing).
 */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refusals, setRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement | null>(null);
  const running = useRef(false);
  const mounted = useRef(true);
  const refocus = useRef<(() => HTMLElement | null) | undefined>(undefined);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // After the re-render that enabled the fields again.
  useEffect(() => {
    if (refusals === 0) return;
    const form = formRef.current;
    const target =
      refocus.current?.() ??
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      (form ? firstTabbable(form) : null);
    target?.focus();
    if (
      target instanceof HTMLInputElement &&
      /^(text|password|email|url|search)$/.test(target.type)
    )
      target.select();
  }, [refusals]);

  const run = useCallback(
    async <T>(work: () => Promise<Result<T>>, outcome: Outcome<T>): Promise<boolean> => {
      if (running.current) return false;
      running.current = true;
      setBusy(true);
      setError(null);
      let result: Result<T>;
      try {
        result = await work();
      } finally {
        running.current = false;
      }
      if (!mounted.current) return result.ok;
      setBusy(false);
      if (result.ok) {
        outcome.done(result.value);
        return true;
      }
      const message = outcome.failed ? outcome.failed(result.error) : result.error.message;
      setError(message);
      refocus.current = outcome.refocus;
      setRefusals((n) => n + 1);
      return false;
    },
    [],
  );

  return { busy, error, setError, formRef, run };
}

import { useId, type ReactNode } from 'react';

/** What a field's control needs to be labelled, described and marked invalid. */
export interface FieldControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

interface FieldProps {
  label: ReactNode;
  /** Always shown under the control: what to type. */
  hint?: ReactNode;
  /** What is wrong with the value; nothing when it is fine. */
  error?: ReactNode;
  /** Beside the error, e.g. a button applying the suggested fix. */
  errorAction?: ReactNode;
  /** More ids describing the control (e.g. a service error shown under the form). */
  describedBy?: string | false | null;
  className?: string;
  /** The control, given its id, description and validity. */
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * A form field: label, control, hint and error, tied together for assistive technology (the
 * label names the control; the error, then the hint, describe it; an error marks it invalid and
 * is announced).
 */
export function Field({
  label,
  hint,
  error,
  errorAction,
  describedBy,
  className,
  children,
}: FieldProps) {
  const ids = { control: useId(), hint: useId(), error: useId() };
  const invalid = error !== undefined && error !== null && error !== false && error !== '';
  const described = [invalid ? ids.error : null, hint ? ids.hint : null, describedBy || null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={ids.control}>
        {label}
      </label>
      {children({
        id: ids.control,
        'aria-describedby': described || undefined,
        'aria-invalid': invalid ? true : undefined,
      })}
      {hint ? (
        <p className="field-hint" id={ids.hint}>
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <FieldError id={ids.error} action={errorAction}>
          {error}
        </FieldError>
      ) : null}
    </div>
  );
}

/**
 * What went wrong, said where it happened and announced at once: a field's error, a refusal by
 * the service under a form, a load that failed. The one error block of the interface.
 */
export function FieldError({
  id,
  action,
  className,
  children,
}: {
  id?: string;
  action?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div id={id} className={className ?? 'field-error'} role="alert">
      <span>{children}</span>
      {action}
    </div>
  );
}

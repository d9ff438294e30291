import { useRef, useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import type { AppError } from '../../shared/errors';
import { CHECK_STATUS_LABELS } from '../../shared/labels';
import type { TestSendResult } from '../../shared/mail-check';
import { MailVerdicts, SmtpTranscript } from '../domains/MailVerdicts';
import { BusyButton } from '../ui/BusyButton';
import { Dialog } from '../ui/Dialog';
import { Field, FieldError } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import { smtpActions } from './smtp-store';

interface Props {
  domain: Domain;
  user: SmtpUserView | null;
  onClose: () => void;
}

/**
 * Whether mail to the domain arrives at Kyrios (its MX record checks out), the service's own rule
 * for the default recipient of a test send: then the user's own address, read back from
 * Conversations.
 */
export function inboundAtKyrios(domain: Pick<Domain, 'records'>): boolean {
  return domain.records.some(
    (r) => r.purpose === 'mx' && (r.status === 'pass' || r.status === 'warn'),
  );
}

type FixField = 'password' | 'to' | null;

/** Why a send stopped, in words, and the field to fix (null: nothing typed is the cause). */
export function sendFailure(sent: Pick<TestSendResult, 'error' | 'to' | 'from'>): {
  field: FixField;
  message: string;
} {
  const why = sent.error?.message ?? 'The server did not accept the message.';
  switch (sent.error?.code) {
    case 'smtp_auth_failed':
      return {
        field: 'password',
        message: `The server refused this password for ${sent.from}: type that SMTP user’s current password (Reset Password sets a new one if it is lost). ${why}`,
      };
    case 'smtp_refused':
      return { field: 'to', message: `The server refused to send to ${sent.to}: ${why}` };
    case 'smtp_connect_failed':
      return {
        field: null,
        message: `Could not connect to the SMTP server: ${why} Check the connection to Kyrios, then send again.`,
      };
    case 'smtp_timeout':
      return { field: null, message: `The SMTP server did not answer in time: ${why}` };
    case 'smtp_tls_failed':
      return { field: null, message: `The secure connection (STARTTLS) failed: ${why}` };
    default:
      return { field: null, message: `The message was not sent: ${why}` };
  }
}

/** "Send test message" for one SMTP user: through the real submission endpoint, then checked. */
export function SendTestDialog({ domain, user, onClose }: Props) {
  return (
    <Dialog
      open={user !== null}
      title="Send test message"
      size="wide"
      description={
        user
          ? `Sends a message as ${user.login} through the account’s SMTP server, shows each step with the server’s reply, then checks SPF, DKIM and DMARC where the message arrives.`
          : null
      }
      onClose={onClose}
    >
      {/* Unmounted on close: the password typed goes with it. */}
      {user ? <SendTestForm domain={domain} user={user} onClose={onClose} /> : null}
    </Dialog>
  );
}

function SendTestForm({
  domain,
  user,
  onClose,
}: {
  domain: Domain;
  user: SmtpUserView;
  onClose: () => void;
}) {
  const inbound = inboundAtKyrios(domain);
  const [password, setPassword] = useState('');
  const [to, setTo] = useState(inbound ? user.login : '');
  const [missing, setMissing] = useState<FixField>(null);
  const [errorField, setErrorField] = useState<FixField>(null);
  const [sent, setSent] = useState<TestSendResult | null>(null);
  const { busy, error, setError, formRef, run } = useSubmit();
  const passwordRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);

  const fieldRef = (field: FixField) =>
    field === 'password'
      ? passwordRef.current
      : field === 'to'
        ? toRef.current
        : // Nothing typed is the cause: the Send button, to try again.
          (formRef.current?.querySelector<HTMLElement>('button[type="submit"]') ?? null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty: FixField = password === '' ? 'password' : to.trim() === '' ? 'to' : null;
    setMissing(empty);
    if (empty) {
      fieldRef(empty)?.focus();
      return;
    }
    setError(null);
    setErrorField(null);
    let field: FixField = null;
    void run(
      async () => {
        const result = await smtpActions.sendTest({
          domainId: domain.id,
          userId: user.id,
          password,
          to,
        });
        if (!result.ok) {
          // The service refused before sending: a recipient that is not an address is the field's.
          field = result.error.code === 'invalid_request' ? 'to' : null;
          setSent(null);
          return result;
        }
        setSent(result.value);
        if (result.value.accepted) return result;
        const failure = sendFailure(result.value);
        field = failure.field;
        const refused: AppError = { code: 'service_error', message: failure.message };
        return { ok: false, error: refused };
      },
      {
        done: () => undefined,
        failed: (refusal) => {
          setErrorField(field);
          return refusal.message;
        },
        refocus: () => fieldRef(field),
      },
    );
  }

  const passwordError =
    errorField === 'password'
      ? error
      : missing === 'password'
        ? `Type the password of ${user.login}: it is used for this send only, never stored.`
        : null;
  const toError =
    errorField === 'to'
      ? error
      : missing === 'to'
        ? `Give a recipient: mail to ${domain.name} does not arrive at Kyrios, so there is no address there to default to.`
        : null;

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field
        label={`Password of ${user.login}`}
        hint="Used for this send only: never stored, forgotten when this dialog closes."
        error={passwordError}
      >
        {(control) => (
          <input
            {...control}
            ref={passwordRef}
            className="input"
            type="password"
            value={password}
            autoComplete="off"
            onChange={(e) => {
              setPassword(e.target.value);
              setMissing(null);
              if (errorField === 'password') setError(null);
            }}
            disabled={busy}
            data-autofocus
          />
        )}
      </Field>
      <Field
        label="Recipient"
        hint={
          inbound
            ? `Mail to ${domain.name} arrives at Kyrios Conversations, so its own address is read back and checked there. Any other address works where the service keeps a copy (its outbox).`
            : `Mail to ${domain.name} does not arrive at Kyrios (its MX record is not verified): give an address. The verdicts follow where the service keeps a copy of the message.`
        }
        error={toError}
      >
        {(control) => (
          <input
            {...control}
            ref={toRef}
            className="input"
            type="email"
            value={to}
            autoComplete="off"
            onChange={(e) => {
              setTo(e.target.value);
              setMissing(null);
              if (errorField === 'to') setError(null);
            }}
            disabled={busy}
          />
        )}
      </Field>
      {error && errorField === null ? <FieldError>{error}</FieldError> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Close
        </button>
        <BusyButton type="submit" className="button button-primary" busy={busy} busyText="Sending…">
          {sent ? 'Send again' : 'Send'}
        </BusyButton>
      </div>
      <div role="status" className="small">
        {busy ? (
          <div className="progress-note">
            <div
              className="progress progress-indeterminate"
              role="progressbar"
              aria-label="Sending the test message"
            />
            <span>
              Connecting, STARTTLS, AUTH as {user.login}, sending to {to.trim() || 'the recipient'},
              then reading the message back to check it…
            </span>
          </div>
        ) : sent ? (
          sent.accepted ? (
            `Accepted for ${sent.to}${sent.queueId ? ` as ${sent.queueId}` : ''}.${sent.check ? ` Verdicts: ${CHECK_STATUS_LABELS[sent.check.status]}.` : ''}`
          ) : (
            `Not sent to ${sent.to}.`
          )
        ) : null}
      </div>
      {sent && !busy ? <SendOutcome sent={sent} /> : null}
    </form>
  );
}

function SendOutcome({ sent }: { sent: TestSendResult }) {
  return (
    <div className="send-outcome">
      <h3 className="dialog-subtitle">SMTP steps</h3>
      <SmtpTranscript steps={sent.transcript} label="SMTP steps and the server’s replies" />
      {sent.check ? (
        <>
          <h3 className="dialog-subtitle">
            Verdicts{' '}
            <span className="muted small">
              (read back from {sent.readBack === 'inbound' ? 'Conversations' : 'the outbox'})
            </span>
          </h3>
          <MailVerdicts result={sent.check} label={`Verdicts of the message to ${sent.to}`} />
        </>
      ) : sent.readBackNote ? (
        <p className="small">{sent.readBackNote}</p>
      ) : null}
    </div>
  );
}

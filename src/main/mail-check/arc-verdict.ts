import type { ARCSigningData, DNSResolver } from 'mailauth';
import { arc } from 'mailauth/lib/arc/index.js';
import type { MailResolve } from '../../dns/mail-resolver';
import type { ArcVerdict } from '../../shared/mail-check';

/**
 * ARC, where an intermediary (a mailing list, a forwarder) sealed what it found before changing
 * the message: mailauth verifies the chain; null when the message carries no ARC set at all.
 */
export async function arcVerdict(
  data: ARCSigningData | undefined,
  resolver: MailResolve,
): Promise<ArcVerdict | null> {
  if (!data || (!data.chain && !data.error)) return null;
  const chain = data.chain || [];
  const last = chain.at(-1);
  const sealedBy = (last?.['arc-seal']?.parsed?.d?.value as string | undefined) ?? null;
  const base = { instances: chain.length, sealedBy };
  // mailauth's own types disagree between its verifier's output and arc()'s input (chain: false).
  const checked = await arc(data as Parameters<typeof arc>[0], {
    resolver: resolver as DNSResolver,
  });
  const comment = checked.status.comment ?? data.error?.message ?? '';
  if (checked.status.result === 'pass') {
    const seen = checked.authenticationResults as
      Record<string, { result?: string } | { result?: string }[]> | undefined;
    const summary = ['spf', 'dkim', 'dmarc']
      .map((m) => {
        const entry = seen?.[m];
        const first = Array.isArray(entry) ? entry[0] : entry;
        return first?.result ? `${m}=${first.result}` : null;
      })
      .filter((s): s is string => s !== null);
    return {
      ...base,
      status: 'pass',
      result: 'pass',
      codes: ['ok'],
      message: `The ARC chain (${chain.length} set${chain.length === 1 ? '' : 's'}) verifies; the last intermediary to seal it, ${sealedBy ?? '?'}, recorded ${summary.length > 0 ? summary.join(', ') : 'its results'} when the message reached it.`,
      fix: null,
    };
  }
  const temporary = /DNS|timeout|ETIMEOUT|ESERVFAIL/i.test(comment);
  return {
    ...base,
    status: temporary ? 'unknown' : 'fail',
    result: temporary ? 'temperror' : 'fail',
    codes: ['arc_fail'],
    message: `The ARC chain does not verify${comment ? ` (${comment})` : ''}: receivers cannot trust what the intermediaries recorded, so a change they made counts against the message.`,
    fix: null,
  };
}

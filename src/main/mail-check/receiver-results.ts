import parseDkimHeaders from 'mailauth/lib/parse-dkim-headers.js';
import type {
  ArcVerdict,
  AuthResult,
  DkimVerdict,
  DmarcVerdict,
  ReceiverResult,
  ReceiverResults,
  SpfVerdict,
} from '../../shared/mail-check';
import type { HeaderField } from './message-input';

/**
 * The receiver's own Authentication-Results (the topmost field's authserv-id: the server that
 * delivered the message last), compared with the app's verdicts method by method. A difference is
 * worth knowing: a record changed since delivery, or the message was changed after it was checked.
 */

interface Entry {
  value?: unknown;
  header?: Record<string, unknown>;
  smtp?: Record<string, unknown>;
}

const SYNONYMS: Record<string, string> = {
  temperr: 'temperror',
  permerr: 'permerror',
  hardfail: 'fail',
};

function word(value: unknown): string {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  return SYNONYMS[text] ?? text;
}

function str(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function detailOf(entry: Entry, keys: [group: 'header' | 'smtp', key: string][]): string | null {
  const parts = keys.flatMap(([group, key]) => {
    const value = str(entry[group]?.[key]);
    return value === null ? [] : [`${group}.${key}=${value}`];
  });
  return parts.length > 0 ? parts.join(' ') : null;
}

export interface AppVerdicts {
  spf: SpfVerdict;
  dkim: readonly DkimVerdict[];
  dmarc: DmarcVerdict;
  arc: ArcVerdict | null;
}

function compare(
  method: ReceiverResult['method'],
  entry: Entry,
  detail: string | null,
  app: AuthResult | null,
): ReceiverResult {
  const result = word(entry.value);
  return { method, result, detail, app, agrees: app === null ? null : result === app };
}

export function receiverResults(
  fields: readonly HeaderField[],
  app: AppVerdicts,
): ReceiverResults | null {
  const parsed = fields
    .filter((f) => f.name === 'authentication-results')
    .map((f) => parseDkimHeaders(`Authentication-Results: ${f.value}`).parsed ?? {});
  const authservId = str(parsed[0]?.value);
  if (!authservId) return null;
  const own = parsed.filter((p) => str(p.value) === authservId);

  const results: ReceiverResult[] = [];
  for (const ar of own) {
    const spf = ar.spf as Entry | undefined;
    if (spf) {
      results.push(
        compare(
          'spf',
          spf,
          detailOf(spf, [
            ['smtp', 'mailfrom'],
            ['smtp', 'helo'],
          ]),
          app.spf.result,
        ),
      );
    }
    for (const entry of (ar.dkim as Entry[] | undefined) ?? []) {
      const d = (str(entry.header?.d) ?? str(entry.header?.i) ?? '')
        .replace(/^.*@/, '')
        .toLowerCase();
      const s = str(entry.header?.s);
      const mine = app.dkim.find((v) => v.domain === d && (s === null || v.selector === s));
      const none = app.dkim.length === 1 && app.dkim[0]?.result === 'none';
      results.push(
        compare(
          'dkim',
          entry,
          detailOf(entry, [
            ['header', 'd'],
            ['header', 'i'],
            ['header', 's'],
          ]),
          mine?.result ?? (none && word(entry.value) === 'none' ? 'none' : null),
        ),
      );
    }
    const dmarc = ar.dmarc as Entry | undefined;
    if (dmarc) {
      results.push(
        compare('dmarc', dmarc, detailOf(dmarc, [['header', 'from']]), app.dmarc.result),
      );
    }
    const arc = ar.arc as Entry | undefined;
    if (arc) results.push(compare('arc', arc, null, app.arc?.result ?? 'none'));
  }

  const differing = results.filter((r) => r.agrees === false);
  if (differing.length === 0) {
    const same = results.filter((r) => r.agrees).map((r) => `${r.method}=${r.result}`);
    return {
      authservId,
      results,
      status: 'pass',
      codes: ['ok'],
      message:
        same.length > 0
          ? `${authservId} found the same when it received the message: ${same.join(', ')}.`
          : `${authservId} wrote Authentication-Results, with nothing the app can compare.`,
    };
  }
  const list = differing
    .map(
      (r) =>
        `${r.method}=${r.result}${r.detail ? ` (${r.detail})` : ''} where the app finds ${r.app ?? '?'}`,
    )
    .join('; ');
  return {
    authservId,
    results,
    status: 'warn',
    codes: ['receiver_disagrees'],
    message: `${authservId} found otherwise when it received the message: ${list}. A record may have changed since (a DKIM key replaced, SPF edited), or the message was changed after it was checked.`,
  };
}

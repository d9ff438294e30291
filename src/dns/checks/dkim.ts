import type { Observation } from '../observe';
import { ofType } from '../observe';
import type { CheckContext, Expectation, Verdict } from './common';
import { clip, foundValues, missingVerdict, publishFix, txtForProvider, unquote } from './common';

/** DKIM tag list (RFC 6376 §3.2): `tag=value` pairs separated by semicolons. */
export function parseTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const tag = part.slice(0, eq).trim().toLowerCase();
    if (tag !== '' && !tags.has(tag)) tags.set(tag, part.slice(eq + 1).trim());
  }
  return tags;
}

/** The key itself: folding whitespace inside p= is allowed and carries no meaning. */
function keyOf(record: string): string | null {
  const p = parseTags(record).get('p');
  return p === undefined ? null : p.replace(/\s+/g, '');
}

function isBase64(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

function looksLikeDkim(record: string): boolean {
  return /^\s*v\s*=\s*DKIM1\b/i.test(record) || keyOf(record) !== null;
}

function describeDifference(found: string, expected: string): string {
  if (expected.startsWith(found)) {
    return `the published key is cut off after ${found.length} of ${expected.length} characters (a provider's length limit, or the second half of a split value was left out)`;
  }
  if (found.startsWith(expected)) {
    return `the published key has ${found.length - expected.length} extra characters after the expected key`;
  }
  return `the published key (${found.length} characters, starting ${found.slice(0, 12)}…) is not the expected one (${expected.length} characters, starting ${expected.slice(0, 12)}…), so it was probably generated for another service or an older setup`;
}

/** Compares keys only, after joining strings: tags, order and spacing may legitimately differ. */
export function checkDkim(obs: Observation, exp: Expectation, ctx: CheckContext): Verdict {
  const expected = exp.expected ?? '';
  // An expectation may be the bare key rather than a whole record.
  const wantKey = keyOf(expected) ?? expected.replace(/\s+/g, '');
  const record = keyOf(expected) === null ? `v=DKIM1; k=rsa; p=${wantKey}` : expected;
  const txt = ofType(obs, 'TXT');
  const found = foundValues(obs, 'TXT');
  if (txt.length === 0) return missingVerdict(obs, { ...exp, expected: record }, ctx);
  const republish = publishFix('TXT', exp.name, record, ctx);
  if (txt.some((t) => keyOf(t) === wantKey)) {
    return { codes: ['ok'], message: `The DKIM key at ${exp.name} matches.`, fix: null, found };
  }
  const quoted = txt.find((t) => {
    const clean = unquote(t);
    return clean !== null && keyOf(clean) === wantKey;
  });
  if (quoted !== undefined) {
    return {
      codes: ['quoted_value'],
      message: `The DKIM record at ${exp.name} contains literal quote characters (${clip(quoted, 60)}), so the key reads wrongly. A long value split into pieces must be entered as separate strings, not with quotes typed inside one value.`,
      fix: `Replace the TXT record at ${exp.name} with: ${txtForProvider(record, ctx)}`,
      found,
    };
  }
  const dkims = txt.filter(looksLikeDkim);
  const withKey = dkims.filter((t) => {
    const key = keyOf(t);
    return key !== null && isBase64(key);
  });
  if (withKey.length > 0) {
    const key = keyOf(withKey[0] ?? '') ?? '';
    return {
      codes: ['dkim_key_mismatch'],
      message: `A DKIM record is published at ${exp.name}, but ${describeDifference(key, wantKey)}.`,
      fix: `Replace the TXT record at ${exp.name} with the expected value, pasted whole: ${txtForProvider(record, ctx)}`,
      found,
    };
  }
  let why: string;
  const first = dkims[0];
  if (first === undefined) why = `the TXT record(s) there are not DKIM records (no v=DKIM1, no p=)`;
  else if (keyOf(first) === null) why = `the DKIM record has no p= tag`;
  else if (keyOf(first) === '') why = `the DKIM record has an empty p=, which means "key revoked"`;
  else why = `the p= value is not valid base64 (${clip(keyOf(first) ?? '', 40)})`;
  return {
    codes: ['dkim_invalid'],
    message: `The record at ${exp.name} is not a usable DKIM key: ${why}.`,
    fix: `Replace it: ${republish}`,
    found,
  };
}

import type { DnsCheckCode } from '../../shared/dns-check';
import type { ObservedRR, Observation } from '../observe';
import { ofType, present } from '../observe';
import { canonicalName } from '../wire';
import type { CheckContext, Expectation, Verdict } from './common';
import { foundValues, listValues, missingVerdict, publishFix } from './common';

interface Mx {
  preference: number;
  host: string;
}

function parseMx(value: string): Mx {
  const [pref, host] = value.split(' ');
  return { preference: Number(pref), host: host ?? '' };
}

/** MX passes when the expected host is present; a more preferred other host only warns. */
export function checkMx(obs: Observation, exp: Expectation, ctx: CheckContext): Verdict {
  const mx = ofType(obs, 'MX').map(parseMx);
  const found = foundValues(obs, 'MX');
  if (mx.length === 0) {
    const missing = missingVerdict(obs, exp, ctx);
    if (exp.expected === null) {
      missing.message = `No MX record at ${exp.name}: mail to @${exp.name} cannot be delivered.`;
    }
    return missing;
  }
  const byPreference = [...mx].sort((a, b) => a.preference - b.preference);
  const listed = byPreference.map((m) => `${m.host} (priority ${m.preference})`).join(', ');
  if (exp.expected === null) {
    return { codes: ['ok'], message: `Mail for ${exp.name} goes to ${listed}.`, fix: null, found };
  }
  const want = canonicalName(exp.expected);
  const ours = mx.filter((m) => m.host === want);
  if (ours.length === 0) {
    return {
      codes: ['value_mismatch'],
      message: `${exp.name} has MX records, but none points to ${want}. Found: ${listed}.`,
      fix: `${publishFix('MX', exp.name, want, ctx, exp.priority)} Replies and mail to addresses at ${exp.name} reach Kyrios Conversations only through this MX; remove the other MX records if Kyrios should receive all of it.`,
      found,
    };
  }
  const best = Math.min(...ours.map((m) => m.preference));
  const preferred = mx.filter((m) => m.host !== want && m.preference < best);
  if (preferred.length > 0) {
    return {
      codes: ['mx_other_preferred'],
      message: `${want} is an MX of ${exp.name} (priority ${best}), but ${preferred.map((m) => `${m.host} (priority ${m.preference})`).join(', ')} is preferred: mail goes there first and reaches ${want} only when it is down.`,
      fix: `If Kyrios should receive this domain's mail, give ${want} the lowest priority number (e.g. ${Math.max(0, Math.min(...preferred.map((m) => m.preference)) - 1)}) or remove the other MX records.`,
      found,
    };
  }
  return {
    codes: ['ok'],
    message: `${want} is the preferred MX of ${exp.name} (priority ${best}${
      exp.priority !== undefined && exp.priority !== best
        ? `; ${exp.priority} was suggested, which only matters next to other MX hosts`
        : ''
    }).`,
    fix: null,
    found,
  };
}

/**
 * CNAME targets compare case-insensitively without the trailing dot. `otherData` is what the name
 * holds instead of a CNAME, looked up only when the CNAME query came back empty; `wildcard` names
 * the wildcard that made all of it up (then nothing is in the way: a CNAME overrides it).
 */
export function checkCname(
  obs: Observation,
  exp: Expectation,
  ctx: CheckContext,
  otherData: ObservedRR[],
  wildcard: string | null = null,
): Verdict {
  const want = canonicalName(exp.expected ?? '');
  const targets = ofType(obs, 'CNAME');
  const found = foundValues(obs, 'CNAME');
  if (targets.includes(want)) {
    return {
      codes: ['ok'],
      message: `${exp.name} is a CNAME to ${want}, as expected.`,
      fix: null,
      found,
    };
  }
  const target = targets[0];
  if (target !== undefined) {
    const appended = target === `${want}.${ctx.zoneApex}` || target === `${want}.${ctx.domain}`;
    return {
      codes: ['value_mismatch'],
      message: appended
        ? `${exp.name} is a CNAME to ${target}: your DNS host appended your domain to the target ${want}.`
        : `${exp.name} is a CNAME to ${target}, not to ${want}.`,
      fix: appended
        ? `Edit the CNAME at ${exp.name} and enter the target as ${want}. (with a final dot) so your DNS host does not add ${ctx.zoneApex} to it.`
        : `Edit the CNAME at ${exp.name} so it points to ${want}.`,
      found,
    };
  }
  if (otherData.length > 0 && wildcard !== null) {
    const missing = missingVerdict(obs, exp, ctx);
    const shown = otherData.map((rr) => present(rr, ''));
    missing.message = `No CNAME at ${exp.name}. It answers with records made up by the wildcard ${wildcard} (${listValues(shown)}), which exist at no name of their own: a CNAME published at ${exp.name} replaces them there, and nothing needs deleting.`;
    return missing;
  }
  if (otherData.length > 0) {
    const codes: DnsCheckCode[] = ['cname_conflict'];
    const addresses = otherData.some((rr) => rr.type === 'A' || rr.type === 'AAAA');
    const proxied = addresses && ctx.provider?.id === 'cloudflare';
    if (proxied) codes.push('cname_proxied');
    const shown = otherData.map((rr) => present(rr, ''));
    return {
      codes,
      message: proxied
        ? `${exp.name} answers with Cloudflare addresses (${listValues(shown)}) instead of the CNAME to ${want}: the record is proxied (orange cloud), so the CNAME is hidden.`
        : `${exp.name} holds other records (${listValues(shown)}) where the CNAME to ${want} is expected; a CNAME cannot share its name with other records.`,
      fix: proxied
        ? `In Cloudflare, open the CNAME ${exp.name} and switch Proxy status to "DNS only" (grey cloud).`
        : `Delete the other records at ${exp.name}, then ${publishFix('CNAME', exp.name, want, ctx).replace(/^Add/, 'add')}`,
      found: shown,
    };
  }
  return missingVerdict(obs, exp, ctx);
}

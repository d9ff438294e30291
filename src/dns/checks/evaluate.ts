import type { ObservedRR, Observation } from '../observe';
import { checkDkim } from './dkim';
import { checkDmarc } from './dmarc';
import type { CheckContext, Expectation, Verdict } from './common';
import { cnameConflict } from './common';
import { checkCname, checkMx } from './mx-cname';
import { checkSpf } from './spf';
import { checkExactTxt } from './txt';

/**
 * Judges one record from one authoritative answer. The type decides the comparison (a DKIM key
 * published as CNAME is compared as a CNAME); for TXT the purpose decides the rules.
 */
export async function evaluate(
  obs: Observation,
  exp: Expectation,
  ctx: CheckContext,
  otherData: ObservedRR[] = [],
  wildcard: string | null = null,
): Promise<Verdict> {
  const conflict = cnameConflict(obs, exp, ctx);
  if (conflict) return conflict;
  if (exp.type === 'CNAME') return checkCname(obs, exp, ctx, otherData, wildcard);
  if (exp.type === 'MX') return checkMx(obs, exp, ctx);
  switch (exp.purpose) {
    case 'spf':
      return checkSpf(obs, exp, ctx);
    case 'dkim':
      return checkDkim(obs, exp, ctx);
    case 'dmarc':
      return checkDmarc(obs, exp, ctx);
    default:
      return checkExactTxt(obs, exp, ctx);
  }
}

import type { Observation } from '../observe';
import { ofType } from '../observe';
import type { CheckContext, Expectation, Verdict } from './common';
import {
  clip,
  foundValues,
  listValues,
  missingVerdict,
  publishFix,
  txtForProvider,
  unquote,
} from './common';

/** A TXT record that must be published exactly (the verification token, other TXT purposes). */
export function checkExactTxt(obs: Observation, exp: Expectation, ctx: CheckContext): Verdict {
  const expected = exp.expected ?? '';
  const txt = ofType(obs, 'TXT');
  const found = foundValues(obs, 'TXT');
  if (txt.length === 0) return missingVerdict(obs, exp, ctx);
  if (txt.includes(expected)) {
    return {
      codes: ['ok'],
      message: `The TXT record at ${exp.name} is published as expected.`,
      fix: null,
      found,
    };
  }
  const quoted = txt.find((t) => unquote(t) === expected);
  if (quoted !== undefined) {
    return {
      codes: ['quoted_value'],
      message: `The TXT record at ${exp.name} was published with literal quote characters: ${clip(quoted)}.`,
      fix: `Edit the TXT record at ${exp.name} and remove the quote characters: the value must be exactly ${txtForProvider(expected, ctx)}`,
      found,
    };
  }
  const near = txt.find((t) => t.trim().toLowerCase() === expected.toLowerCase());
  const hint =
    near !== undefined
      ? ' It differs only in letter case or surrounding spaces, which verification does not ignore.'
      : '';
  return {
    codes: ['value_mismatch'],
    message: `${exp.name} has ${txt.length} TXT record(s), none with the expected value. Expected "${clip(expected)}", found ${listValues(txt)}.${hint}`,
    fix: `${publishFix('TXT', exp.name, expected, ctx)} Other TXT records at this name can stay.`,
    found,
  };
}

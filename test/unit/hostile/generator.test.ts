import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createDispatch, type Dispatch } from '../../../src/main/contract/dispatch';
import { contract } from '../../../src/shared/contract';
import { channelCases, spyHandlers } from '../helpers/hostile-harness';
import { PROTOTYPE_KEYS, preview, toJsonText } from '../helpers/hostile-payloads';
import { modelOf } from '../helpers/schema-model';

// The generator is only as good as what it produces: these tests keep it honest.

const cases = channelCases(300);

describe('the hostile payload generator', () => {
  it('gives the same payloads for the same seed', () => {
    const again = channelCases(300);
    const sample = (list: typeof cases) =>
      list.map((c) => c.hostile.map((h, i) => (i % 10 === 0 ? preview(h.payload, 80) : h.what)));
    expect(sample(again)).toEqual(sample(cases));
    const other = channelCases(300, 1);
    expect(other[0]?.hostile.map((h) => h.what)).not.toEqual(cases[0]?.hostile.map((h) => h.what));
  });

  it('starts from a request each schema accepts', () => {
    for (const { channel, valid } of cases) {
      expect(contract[channel].request.safeParse(valid).success, channel).toBe(true);
    }
  });

  it('covers every kind of damage across the contract', () => {
    const whats = cases.flatMap((c) => c.hostile.map((h) => h.what)).join('\n');
    for (const kind of [
      /^without "/m,
      /an extra "x/,
      /is a \d{4,}-character string/,
      /is (an empty string|blank after trimming)/,
      /is deep nesting/,
      /is NaN/,
      /is Infinity/,
      /is null/,
      /is an array/,
      /is an object/,
      /is a fraction/,
      /below the minimum/,
      /above the maximum/,
      /not a choice/,
      /\(pattern\)/,
      /elements$/m,
      /^an array holding the request$/m,
      /^null$/m,
    ]) {
      expect(whats, String(kind)).toMatch(kind);
    }
    for (const key of PROTOTYPE_KEYS) expect(whats).toContain(`an extra "${key}"`);
  });

  it('puts __proto__ on the wire as an own key, and Infinity as 1e400', () => {
    const withProto = cases
      .flatMap((c) => c.hostile)
      .find((h) => h.what.includes('an extra "__proto__"'));
    expect(withProto).toBeDefined();
    expect(Object.keys(withProto?.payload as object)).toContain('__proto__');
    expect(toJsonText(withProto?.payload)).toContain('"__proto__":');
    expect(JSON.parse(toJsonText({ days: Infinity })) as unknown).toEqual({ days: Infinity });
  });

  it('would catch a binding that skipped the schema', async () => {
    const { handlers, calls } = spyHandlers();
    const careless: Dispatch = async (channel, request) => ({
      ok: true,
      value: await (handlers[channel] as (r: unknown) => Promise<unknown>)(request),
    });
    const strict = createDispatch(handlers);
    for (const { channel, hostile } of cases.slice(0, 5)) {
      for (const { payload } of hostile.slice(0, 20)) {
        expect(await strict(channel, payload)).toMatchObject({ ok: false });
      }
    }
    expect(calls()).toEqual([]);
    const first = cases[1];
    if (!first) throw new Error('no channel');
    await careless(first.channel, first.hostile[0]?.payload);
    expect(calls()).toEqual([{ channel: first.channel, n: 1 }]);
  });

  it('refuses to model a zod construct it has no generator for', () => {
    const lenient = { _zod: { def: { type: 'union', options: [] } } } as unknown as z.ZodType;
    expect(() => modelOf(lenient)).toThrow(/no generator for zod type "union"/);
  });
});

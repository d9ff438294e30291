import type { Rng } from './seeded-random';
import type { FieldModel, SchemaModel } from './schema-model';
import { validSample } from './schema-model';

/**
 * Invalid requests generated from a channel's schema model: each starts from the smallest valid
 * request and breaks it in one to three ways (wrong types, missing or extra fields, bounds, huge
 * strings, deep nesting, prototype keys, NaN and ±Infinity, arrays for objects, null). Every one
 * must be refused: a payload the schema accepts is a finding (a lenient schema or a wrong model).
 */
export interface Hostile {
  payload: unknown;
  /** What was done to the valid request, for the failure message. */
  what: string;
}

export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
];

/** The JSON text of each deeply nested value, built with it (serialising it is quadratic). */
const NESTED_TEXT = new WeakMap<object, string>();

/** Nested arrays and objects `depth` levels deep. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  const opens: string[] = [];
  const closes: string[] = [];
  for (let i = 0; i < depth; i++) {
    const array = i % 2 === 0;
    value = array ? [value] : { a: value };
    opens.push(array ? '[' : '{"a":');
    closes.push(array ? ']' : '}');
  }
  if (typeof value === 'object' && value !== null) {
    NESTED_TEXT.set(value, `${opens.reverse().join('')}"bottom"${closes.join('')}`);
  }
  return value;
}

/** An own enumerable property, even for `__proto__` (which plain assignment would not create). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function anyValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => rng.text(rng.between(0, 12), true),
    () => rng.between(-1000, 1000),
    () => rng.chance(0.5),
    () => null,
    () => [],
    () => ({}),
    () => ({ [rng.pick(PROTOTYPE_KEYS)]: { polluted: true } }),
    () => deeplyNested(rng.between(2, 50)),
  ])();
}

/** A value of another JSON kind than the model's (null only where null is not allowed). */
function wrongType(
  model: SchemaModel,
  rng: Rng,
  nullable: boolean,
): { value: unknown; what: string } {
  const candidates: [string, () => unknown][] = [
    ['a string', () => rng.text(rng.between(1, 8))],
    ['a number', () => rng.between(-5, 500)],
    ['a boolean', () => rng.chance(0.5)],
    ['null', () => null],
    ['an array', () => [validSample(model)]],
    ['an object', () => ({ value: validSample(model) })],
    ['deep nesting', () => deeplyNested(rng.between(100, 1000))],
    ['NaN', () => NaN],
    ['Infinity', () => (rng.chance(0.5) ? Infinity : -Infinity)],
  ];
  const kind = model.kind;
  const excluded = new Set<string>(
    kind === 'string' || kind === 'enum'
      ? ['a string']
      : kind === 'number'
        ? ['a number', 'NaN', 'Infinity']
        : kind === 'boolean'
          ? ['a boolean']
          : kind === 'array'
            ? ['an array']
            : kind === 'object'
              ? ['an object']
              : [],
  );
  if (nullable) excluded.add('null');
  const [what, make] = rng.pick(candidates.filter(([name]) => !excluded.has(name)));
  return { value: make(), what };
}

/** A value of the right kind that breaks a bound, a pattern or the enum. */
function outOfBounds(model: SchemaModel, rng: Rng): { value: unknown; what: string } | null {
  switch (model.kind) {
    case 'string': {
      const options: { value: unknown; what: string }[] = [];
      if (model.max !== undefined) {
        // Sometimes far over the bound; never under it, however high the bound is.
        const far = Math.max(model.max + 1, 20_000);
        const over = rng.chance(0.1) ? rng.between(model.max + 1, far) : model.max + 1;
        options.push({ value: 'x'.repeat(over), what: `a ${over}-character string` });
      }
      if (model.min > 0) {
        options.push(
          model.trim
            ? { value: ' '.repeat(rng.between(0, 4)), what: 'blank after trimming' }
            : { value: '', what: 'an empty string' },
        );
      }
      if (model.pattern) {
        const bad = rng.pick(['not an address!', 'zz', '<script>', '../../etc/passwd', 'a b']);
        if (!model.pattern.test(bad)) options.push({ value: bad, what: `"${bad}" (pattern)` });
      }
      return options.length ? rng.pick(options) : null;
    }
    case 'number': {
      const options: { value: unknown; what: string }[] = [
        { value: NaN, what: 'NaN' },
        { value: rng.chance(0.5) ? Infinity : -Infinity, what: 'Infinity' },
      ];
      if (model.int) {
        options.push({ value: rng.between(1, 50) + 0.5, what: 'a fraction' });
        options.push({ value: 2 ** 53 + 2, what: 'an unsafe integer' });
      }
      if (model.min !== undefined) {
        const below = model.minInclusive ? model.min - rng.between(1, 1000) : model.min;
        options.push({ value: below, what: `${below} (below the minimum)` });
      }
      if (model.max !== undefined) {
        const above = model.maxInclusive ? model.max + rng.between(1, 1e6) : model.max;
        options.push({ value: above, what: `${above} (above the maximum)` });
      }
      return rng.pick(options);
    }
    case 'enum': {
      const first = model.values[0] ?? 'x';
      const bad = rng.pick([first.toUpperCase(), ` ${first}`, '', 'other', `${first}\u0000`]);
      return model.values.includes(bad) ? null : { value: bad, what: `"${bad}" (not a choice)` };
    }
    case 'array': {
      const options: { value: unknown; what: string }[] = [];
      if (model.max !== undefined) {
        const n = model.max + rng.between(1, 50);
        options.push({
          value: Array.from({ length: n }, () => validSample(model.element)),
          what: `${n} elements`,
        });
      }
      const element = invalidValue(model.element, rng);
      options.push({ value: [element.value], what: `an element that is ${element.what}` });
      return rng.pick(options);
    }
    case 'object': {
      const broken = breakObject(model, rng, 1);
      return { value: broken.payload, what: broken.what };
    }
    case 'boolean':
    case 'nullable':
      return null;
  }
}

/** A value the model refuses. */
export function invalidValue(model: SchemaModel, rng: Rng): { value: unknown; what: string } {
  const nullable = model.kind === 'nullable';
  const inner = model.kind === 'nullable' ? model.inner : model;
  if (rng.chance(0.5)) {
    const bounded = outOfBounds(inner, rng);
    if (bounded) return bounded;
  }
  return wrongType(inner, rng, nullable);
}

function breakObject(
  model: Extract<SchemaModel, { kind: 'object' }>,
  rng: Rng,
  changes: number,
): Hostile {
  const payload = validSample(model) as Record<string, unknown>;
  const required = model.fields.filter((f) => !f.optional);
  const touched = new Set<string>();
  const done: string[] = [];
  for (let i = 0; i < changes; i++) {
    const free = model.fields.filter((f) => !touched.has(f.key));
    const ways: (() => void)[] = [];
    const missing = required.filter((f) => !touched.has(f.key));
    if (missing.length > 0) {
      ways.push(() => {
        const field = rng.pick(missing);
        touched.add(field.key);
        delete payload[field.key];
        done.push(`without "${field.key}"`);
      });
    }
    if (free.length > 0) {
      const fieldChange = () => {
        const field: FieldModel = rng.pick(free);
        touched.add(field.key);
        const bad = invalidValue(field.model, rng);
        payload[field.key] = bad.value;
        done.push(`"${field.key}" is ${bad.what}`);
      };
      ways.push(fieldChange, fieldChange, fieldChange);
    }
    if (model.strict) {
      ways.push(() => {
        const key = rng.chance(0.5) ? rng.pick(PROTOTYPE_KEYS) : `x${rng.text(rng.between(1, 10))}`;
        if (model.fields.some((f) => f.key === key)) return;
        setOwn(payload, key, anyValue(rng));
        done.push(`an extra "${key}"`);
      });
    }
    rng.pick(ways)();
  }
  if (done.length === 0) {
    // Every way was a no-op (an extra key that happened to be a field): break a type instead.
    return { payload: [payload], what: 'an array holding the request' };
  }
  return { payload, what: done.join(', ') };
}

/** The request replaced as a whole: not an object at all. */
function notAnObject(model: SchemaModel, rng: Rng): Hostile {
  const hasRequired = model.kind === 'object' && model.fields.some((f) => !f.optional);
  const options: Hostile[] = [
    { payload: [validSample(model)], what: 'an array holding the request' },
    { payload: [], what: 'an empty array' },
    { payload: rng.text(rng.between(0, 20), true), what: 'a string' },
    { payload: rng.between(-100, 100), what: 'a number' },
    { payload: rng.chance(0.5), what: 'a boolean' },
    { payload: NaN, what: 'NaN' },
    { payload: Infinity, what: 'Infinity' },
    { payload: deeplyNested(rng.between(500, 2000)), what: 'deep nesting' },
  ];
  // A missing or null request means "no parameters" (dispatch): invalid only where some are needed.
  if (hasRequired) options.push({ payload: null, what: 'null' });
  return rng.pick(options);
}

/** `count` invalid requests for one channel's schema model. */
export function hostilePayloads(model: SchemaModel, rng: Rng, count: number): Hostile[] {
  if (model.kind !== 'object') throw new Error('a request schema is an object');
  const out: Hostile[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      rng.chance(0.15) ? notAnObject(model, rng) : breakObject(model, rng, rng.between(1, 3)),
    );
  }
  return out;
}

/**
 * JSON text for browser mode: what JSON cannot say is sent as a client could still send it.
 * ±Infinity becomes 1e400 (JSON.parse reads it back as Infinity); NaN becomes the bare word (not
 * JSON: refused by the body parser).
 */
export function toJsonText(payload: unknown): string {
  // An explicit stack, not recursion: deep-nesting payloads are thousands of levels deep.
  const out: string[] = [];
  const stack: unknown[] = [{ value: payload }];
  const LITERAL = Symbol('literal');
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'object' && item !== null && LITERAL in item) {
      out.push((item as { [LITERAL]: string })[LITERAL]);
      continue;
    }
    const { value } = item as { value: unknown };
    const nested = typeof value === 'object' && value !== null ? NESTED_TEXT.get(value) : undefined;
    if (nested !== undefined) {
      out.push(nested);
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      out.push(Number.isNaN(value) ? 'NaN' : value > 0 ? '1e400' : '-1e400');
    } else if (Array.isArray(value)) {
      const parts: unknown[] = [{ [LITERAL]: '[' }];
      value.forEach((v: unknown, i) => {
        if (i > 0) parts.push({ [LITERAL]: ',' });
        parts.push({ value: v });
      });
      parts.push({ [LITERAL]: ']' });
      stack.push(...parts.reverse());
    } else if (value !== null && typeof value === 'object') {
      const parts: unknown[] = [{ [LITERAL]: '{' }];
      Object.keys(value).forEach((key, i) => {
        parts.push({ [LITERAL]: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
        parts.push({ value: (value as Record<string, unknown>)[key] });
      });
      parts.push({ [LITERAL]: '}' });
      stack.push(...parts.reverse());
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}

/** A short readable form of a payload for failure messages. */
export function preview(payload: unknown, max = 200): string {
  let text: string;
  try {
    text = toJsonText(payload);
  } catch (error) {
    text = `<${String(error)}>`;
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

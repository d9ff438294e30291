import type { z } from 'zod';

/**
 * What a contract request schema accepts, read from the zod definition itself, so generated tests
 * follow the contract as it grows. A zod construct this does not know makes `modelOf` throw: a new
 * kind of field then needs its generator here, rather than going silently untested.
 */
export type SchemaModel =
  | { kind: 'object'; fields: FieldModel[]; strict: boolean }
  | {
      kind: 'string';
      min: number;
      max: number | undefined;
      trim: boolean;
      pattern: RegExp | undefined;
    }
  | {
      kind: 'number';
      int: boolean;
      min: number | undefined;
      minInclusive: boolean;
      max: number | undefined;
      maxInclusive: boolean;
    }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'array'; element: SchemaModel; max: number | undefined }
  | { kind: 'nullable'; inner: SchemaModel };

export interface FieldModel {
  key: string;
  model: SchemaModel;
  optional: boolean;
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

export function modelOf(schema: z.ZodType): SchemaModel {
  const def = defOf(schema);
  const checks = checksOf(def);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const strict = def.catchall !== undefined && defOf(def.catchall).type === 'never';
      return {
        kind: 'object',
        strict,
        fields: Object.entries(shape).map(([key, field]) => {
          const fieldDef = defOf(field);
          const optional = fieldDef.type === 'optional';
          const inner = optional && fieldDef.innerType ? fieldDef.innerType : field;
          return { key, optional, model: modelOf(inner) };
        }),
      };
    }
    case 'string': {
      let min = 0;
      let max: number | undefined;
      let pattern: RegExp | undefined;
      let trim = false;
      for (const c of checks) {
        if (c.check === 'min_length') min = Math.max(min, c.minimum ?? 0);
        else if (c.check === 'max_length') max = Math.min(max ?? Infinity, c.maximum ?? Infinity);
        else if (c.check === 'string_format' && c.format === 'regex') pattern = c.pattern;
        else if (c.check === 'overwrite') trim = true;
        else throw new Error(`schema-model: unknown string check "${c.check}"`);
      }
      return { kind: 'string', min, max, trim, pattern };
    }
    case 'number': {
      const model: Extract<SchemaModel, { kind: 'number' }> = {
        kind: 'number',
        int: false,
        min: undefined,
        minInclusive: true,
        max: undefined,
        maxInclusive: true,
      };
      for (const c of checks) {
        if (c.check === 'number_format') model.int = true;
        else if (c.check === 'greater_than') {
          model.min = c.value;
          model.minInclusive = c.inclusive ?? true;
        } else if (c.check === 'less_than') {
          model.max = c.value;
          model.maxInclusive = c.inclusive ?? true;
        } else throw new Error(`schema-model: unknown number check "${c.check}"`);
      }
      return model;
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries ?? {}).map(String) };
    case 'array': {
      let max: number | undefined;
      for (const c of checks) {
        if (c.check === 'max_length') max = c.maximum;
        else throw new Error(`schema-model: unknown array check "${c.check}"`);
      }
      if (!def.element) throw new Error('schema-model: array without element');
      return { kind: 'array', element: modelOf(def.element), max };
    }
    case 'nullable':
      if (!def.innerType) throw new Error('schema-model: nullable without inner type');
      return { kind: 'nullable', inner: modelOf(def.innerType) };
    default:
      throw new Error(`schema-model: no generator for zod type "${def.type}" yet`);
  }
}

/** Known-good values for strings with a pattern (the generator cannot invent them). */
// An address, a DNS zone, a host name, base64 (a chunk of a file): one fits each pattern in use.
const PATTERN_SAMPLES = ['192.0.2.53', 'zen.spamhaus.org', 'example.com', 'aGVsbG8='];

/**
 * The smallest value the model accepts: required fields only, shortest strings. Hostile payloads
 * start from it, so each one differs from a valid request only by what was done to it.
 */
export function validSample(model: SchemaModel): unknown {
  switch (model.kind) {
    case 'object':
      return Object.fromEntries(
        model.fields.filter((f) => !f.optional).map((f) => [f.key, validSample(f.model)]),
      );
    case 'string': {
      if (model.pattern) {
        const fits = PATTERN_SAMPLES.find((s) => model.pattern?.test(s));
        if (fits === undefined) throw new Error(`schema-model: no sample for ${model.pattern}`);
        return fits;
      }
      return 'v'.repeat(Math.max(model.min, 1));
    }
    case 'number': {
      const low = model.min === undefined ? 1 : model.min + (model.minInclusive ? 0 : 1);
      return model.int ? Math.ceil(low) : low;
    }
    case 'boolean':
      return true;
    case 'enum':
      return model.values[0];
    case 'array':
      return [];
    case 'nullable':
      return null;
  }
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DnsRecord, Domain } from '../../../../src/shared/domain';
import {
  Account,
  InboundMessage,
  KyriosEvent,
  OutboxMessage,
  SmtpUser,
  Usage,
  UserRef,
} from '../../../../src/shared/kyrios';

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
  items?: JsonSchema;
}

const document = parse(
  readFileSync(resolve(import.meta.dirname, '../../../../api/kyrios.openapi.yaml'), 'utf8'),
) as { components: { schemas: Record<string, JsonSchema> } };
const schemas = document.components.schemas;

function component(name: string): JsonSchema {
  const schema = schemas[name];
  if (!schema) throw new Error(`no component ${name}`);
  return schema;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** Field names and which are required, as the client's zod schema has them. */
function shapeOf(schema: AnyObject): { keys: string[]; required: string[] } {
  const keys = Object.keys(schema.shape).sort();
  const required = keys.filter((k) => !(schema.shape[k] as z.ZodType).safeParse(undefined).success);
  return { keys, required };
}

describe("the client's types follow the OpenAPI document", () => {
  it.each([
    ['Account', Account],
    ['SmtpUser', SmtpUser],
    ['Usage', Usage],
    ['UserRef', UserRef],
    ['Domain', Domain],
    ['DnsRecord', DnsRecord],
    ['InboundMessage', InboundMessage],
    ['OutboxMessage', OutboxMessage],
    ['Event', KyriosEvent],
  ] as [string, AnyObject][])('%s has the same fields, required alike', (name, schema) => {
    const documented = component(name);
    const { keys, required } = shapeOf(schema);
    expect(keys).toEqual(Object.keys(documented.properties ?? {}).sort());
    expect(required).toEqual([...(documented.required ?? [])].sort());
  });

  it('Usage nests today, days, byUser and byDomain exactly as documented', () => {
    const documented = component('Usage').properties ?? {};
    const nested = (key: string) => {
      const s = documented[key];
      return Object.keys((s?.items ?? s)?.properties ?? {}).sort();
    };
    const shape = Usage.shape;
    expect(Object.keys(shape.today.shape).sort()).toEqual(nested('today'));
    expect(Object.keys(shape.days.element.shape).sort()).toEqual(nested('days'));
    expect(Object.keys(shape.byUser.element.shape).sort()).toEqual(nested('byUser'));
    expect(Object.keys(shape.byDomain.element.shape).sort()).toEqual(nested('byDomain'));
  });
});

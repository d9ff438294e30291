import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

export const OPENAPI_FILE = resolve(import.meta.dirname, '../../../api/kyrios.openapi.yaml');

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}
type Operation = { responses: Record<string, ResponseObject> };
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>>;
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
}

export interface DocumentedResponse {
  path: string;
  method: string;
  status: string;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * The OpenAPI document as a validator: which (path, method, status) it documents, and for a real
 * response, whether its status, content type and body are what the document says.
 */
export function loadContract() {
  const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'kyrios');
  const cache = new Map<string, ValidateFunction>();

  const templates = Object.keys(doc.paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  const documented: DocumentedResponse[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const status of Object.keys(op.responses)) {
        documented.push({ path, method: method.toUpperCase(), status });
      }
    }
  }

  /** The response object and its JSON pointer, following one `$ref` to components.responses. */
  function responseAt(path: string, method: string, status: string) {
    const op = doc.paths[path]?.[method.toLowerCase() as (typeof METHODS)[number]];
    const response = op?.responses[status];
    if (!response) return undefined;
    if (response.$ref) {
      const name = response.$ref.replace('#/components/responses/', '');
      return {
        response: doc.components.responses?.[name] as ResponseObject,
        pointer: `#/components/responses/${escapePointer(name)}`,
      };
    }
    return {
      response,
      pointer: `#/paths/${escapePointer(path)}/${method.toLowerCase()}/responses/${status}`,
    };
  }

  function validator(pointer: string): ValidateFunction {
    let fn = cache.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `kyrios${pointer}` });
      cache.set(pointer, fn);
    }
    return fn;
  }

  return {
    doc,
    documented,
    /** The documented path template a concrete path matches (`/v1/domains/{id}`). */
    templateOf(urlPath: string): string | undefined {
      return templates.find((t) => t.pattern.test(urlPath))?.path;
    },
    /** Problems with one response; empty when it conforms. */
    check(
      path: string,
      method: string,
      status: number,
      contentType: string | null,
      body: string,
    ): string[] {
      const found = responseAt(path, method, String(status));
      if (!found) return [`${method} ${path} does not document status ${status}`];
      const content = found.response.content;
      if (!content) {
        return body === ''
          ? []
          : [`${method} ${path} ${status} documents no body, got "${body.slice(0, 80)}"`];
      }
      const mediaType = (contentType ?? '').split(';')[0]?.trim() ?? '';
      if (!(mediaType in content)) {
        return [
          `${method} ${path} ${status}: content type ${mediaType} is not one of ${Object.keys(content).join(', ')}`,
        ];
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return [`${method} ${path} ${status}: body is not JSON`];
      }
      const validate = validator(`${found.pointer}/content/${escapePointer(mediaType)}/schema`);
      if (validate(json)) return [];
      return (validate.errors ?? []).map(
        (e) =>
          `${method} ${path} ${status}: ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
      );
    },
  };
}
export type Contract = ReturnType<typeof loadContract>;

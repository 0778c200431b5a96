/**
 * Keeps the OpenAPI document true: checks a response of a documented operation against the
 * document (a declared status, the required headers, a JSON body matching the schema, no body
 * where none is declared), whichever runtime sent it. The scenario suite runs every response
 * through it, so a runtime that breaks the document fails the scenario that caused it, with the
 * reason in its output. API Gateway's own answers (which carry `x-amzn-ErrorType`) are the
 * gateway's, not the API's, and are not checked.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
} from 'openapi3-ts/oas31';

// ajv-formats is CommonJS whose default export TypeScript sees as the module namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Method = 'get' | 'post' | 'patch' | 'delete';

interface Operation {
  readonly template: string;
  readonly pattern: RegExp;
  readonly item: PathItemObject;
}

export interface ConformanceRecord {
  readonly method: string;
  readonly template: string;
  readonly status: number;
}

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

export interface ConformanceCheckedResponse {
  readonly method: string;
  /** The path as requested, without the base URL's path and without the query. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * Makes a checker for `document`: it returns the problems of a response (none when it conforms,
 * or when the operation is not in the document).
 *
 * @param checked every conforming response is recorded here, so that a test can assert which
 *   operations and statuses the run exercised.
 */
export function openApiConformance(
  document: OpenAPIObject,
  checked: ConformanceRecord[] = [],
): (response: ConformanceCheckedResponse) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // The document is added whole, so that `$ref`s resolve within it; its own fields are not
  // JSON Schema keywords, and strict mode would refuse them.
  for (const keyword of ['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'webhooks']) {
    ajv.addKeyword(keyword);
  }
  ajv.addSchema(document as object, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const validator = (pointer: string): ValidateFunction => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.getSchema(`openapi.json#${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      validators.set(pointer, validate);
    }
    return validate;
  };

  const operations: Operation[] = Object.entries(document.paths ?? {}).map(([template, item]) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    item,
  }));

  const resolve = <T>(value: T | ReferenceObject): [T, string | undefined] => {
    if (!isReference(value)) return [value, undefined];
    const pointer = value.$ref.slice(1);
    let target: unknown = document;
    for (const segment of pointer.split('/').slice(1)) {
      target = (target as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    return [target as T, pointer];
  };

  function problemWith(method: string, path: string, status: number, headers: Headers, body: string): string[] {
    const operation = operations.find((o) => o.pattern.test(path));
    const verb = method.toLowerCase() as Method;
    const spec: OperationObject | undefined = operation?.item[verb];
    if (!operation || !spec) return [];
    const declared = spec.responses?.[String(status)] as ResponseObject | ReferenceObject | undefined;
    if (!declared) return [`${method} ${operation.template}: status ${status} is not documented`];
    const [response, responsePointer] = resolve<ResponseObject>(declared);
    const base = responsePointer ?? `/paths/${escapePointer(operation.template)}/${verb}/responses/${String(status)}`;
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const [definition, headerPointer] = resolve<HeaderObject>(header);
      const value = headers.get(name);
      if (value === null) {
        if (definition.required) problems.push(`header ${name} is missing`);
        continue;
      }
      const schemaPointer = `${headerPointer ?? `${base}/headers/${escapePointer(name)}`}/schema`;
      const validate = validator(schemaPointer);
      if (!validate(value)) problems.push(`header ${name}: ${ajv.errorsText(validate.errors)}`);
    }
    const media = response.content?.['application/json'];
    if (!media) {
      if (body !== '') problems.push('a body where none is documented');
    } else {
      if (!/^application\/json/.test(headers.get('content-type') ?? '')) problems.push('not application/json');
      const validate = validator(`${base}/content/application~1json/schema`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        problems.push('the body is not JSON');
      }
      if (parsed !== undefined && !validate(parsed)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
    }
    if (problems.length === 0) checked.push({ method: method.toUpperCase(), template: operation.template, status });
    return problems.map((p) => `${method} ${operation.template} ${status}: ${p}`);
  }

  return ({ method, path, status, headers, body }) => {
    if (headers.has('x-amzn-errortype')) return [];
    try {
      return problemWith(method, path, status, headers, body);
    } catch (error) {
      return [`the check failed: ${error instanceof Error ? error.message : String(error)}`];
    }
  };
}

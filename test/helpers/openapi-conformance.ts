import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';

/** One answer the app gave, as the OpenAPI document names its operation. */
export interface SeenAnswer {
  method: string;
  route: string;
  status: number;
  contentType: string;
  body: string;
}

/** Records every answer under `prefix` (hook it before `app.ready()`). */
export function recordAnswers(app: FastifyInstance, prefix: string): SeenAnswer[] {
  const seen: SeenAnswer[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(prefix) || request.routeOptions.url?.startsWith(prefix)) {
      seen.push({
        method: request.method.toLowerCase(),
        route: (request.routeOptions.url ?? '').slice(prefix.length).replace(/:(\w+)/g, '{$1}'),
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        body: typeof payload === 'string' ? payload : '',
      });
    }
    return payload;
  });
  return seen;
}

/** Replaces every `#/components/schemas/…` reference with the schema it names (they do not nest cyclically). */
function inlineRefs(schema: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlineRefs(item, components));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref) return inlineRefs(components[ref.replace('#/components/schemas/', '')], components);
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlineRefs(value, components)]));
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: the value may also be null. (zod writes a
 * nullable named schema as `{nullable, allOf: [$ref]}`, which Ajv's own `nullable` refuses.)
 */
function nullableAsNull(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsNull);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, nullableAsNull(value)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Each answer whose status the document does not list, or whose body does not fit the schema given for it. */
export function undocumentedAnswers(doc: OpenAPIV3.Document, seen: SeenAnswer[]): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const problems: string[] = [];
  for (const answer of seen) {
    const name = `${answer.method.toUpperCase()} ${answer.route} ${answer.status}`;
    const operation = (doc.paths[answer.route] as Record<string, OpenAPIV3.OperationObject> | undefined)?.[answer.method];
    const documented = operation?.responses?.[String(answer.status)] as OpenAPIV3.ResponseObject | undefined;
    if (!documented) {
      problems.push(`${name} is not documented`);
      continue;
    }
    if (!documented.content) {
      if (answer.body !== '') problems.push(`${name}: documented without a body, answered ${answer.body.slice(0, 80)}`);
      continue;
    }
    const mediaType = answer.contentType.split(';')[0]!;
    const schema = nullableAsNull(inlineRefs(documented.content[mediaType]?.schema, doc.components?.schemas ?? {})) as object | undefined;
    if (!schema) problems.push(`${name}: ${mediaType || 'no content type'} is not documented`);
    else if (mediaType === 'application/json' && !ajv.validate(schema, JSON.parse(answer.body))) problems.push(`${name}: ${ajv.errorsText()}`);
  }
  return problems;
}

/**
 * The documented statuses no answer showed. 500 and 503 are documented on every call (an
 * unexpected error, a database busy past its timeout) and forced once elsewhere, not per route.
 */
export function unseenStatuses(doc: OpenAPIV3.Document, seen: SeenAnswer[]): string[] {
  const answered = new Set(seen.map((answer) => `${answer.method.toUpperCase()} ${answer.route} ${answer.status}`));
  return Object.entries(doc.paths)
    .flatMap(([route, item]) =>
      Object.entries(item as Record<string, OpenAPIV3.OperationObject>).flatMap(([method, operation]) =>
        Object.keys(operation.responses).map((status) => `${method.toUpperCase()} ${route} ${status}`),
      ),
    )
    .filter((entry) => !/ 50[03]$/.test(entry) && !answered.has(entry));
}

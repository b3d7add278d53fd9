import { ResponseSerializationError, type serializerCompiler as providerSerializerCompiler } from 'fastify-type-provider-zod';
import { $ZodType, safeEncode, safeParse } from 'zod/v4/core';

/**
 * Schema kinds whose result differs between a forward parse and an encode: transforms, pipes and
 * codecs run one way or the other, defaults and catches fill in only going forward. `lazy`
 * (recursive schemas) is not followed and counted here too.
 */
const DIRECTIONAL = new Set(['transform', 'pipe', 'default', 'prefault', 'catch', 'success', 'lazy', 'promise', 'function']);

/**
 * Whether parsing a value with the schema gives what encoding it gives: no directional kind
 * anywhere in it. Checks (refinements, formats, `trim`) run alike both ways.
 */
export function isDirectionNeutral(schema: $ZodType, seen = new Set<$ZodType>()): boolean {
  if (seen.has(schema)) return true;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (DIRECTIONAL.has(def.type)) return false;
  return Object.values(def).every((value) => partsNeutral(value, seen));
}

/** The schemas a definition holds: directly, in a list (union options, tuple items) or by key (an object's shape). */
function partsNeutral(value: unknown, seen: Set<$ZodType>): boolean {
  if (value instanceof $ZodType) return isDirectionNeutral(value, seen);
  if (Array.isArray(value)) return value.every((item) => partsNeutral(item, seen));
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype === Object.prototype || prototype === null) return Object.values(value).every((item) => partsNeutral(item, seen));
  }
  return true;
}

function resolveSchema(maybeSchema: unknown): $ZodType {
  if (maybeSchema instanceof $ZodType) return maybeSchema;
  const properties = (maybeSchema as { properties?: unknown } | null)?.properties;
  if (properties instanceof $ZodType) return properties;
  throw new TypeError(`a response schema that is not a zod schema: ${JSON.stringify(maybeSchema)?.slice(0, 200)}`);
}

/**
 * fastify-type-provider-zod's response serializer (encode, then JSON.stringify), but for schemas in
 * which encoding and parsing agree it parses instead: the same bytes at about half the cost, since
 * zod's encode runs every checked node twice (a check-free pass first). GET /wll/v1/receipts/{id}'s
 * answer: 23.5 → 13.4 µs. A value the schema refuses fails either way, with the provider's error.
 */
export const serializerCompiler: typeof providerSerializerCompiler = ({ schema: maybeSchema, method, url }) => {
  const schema = resolveSchema(maybeSchema);
  const serialize = isDirectionNeutral(schema) ? safeParse : safeEncode;
  return (data) => {
    const result = serialize(schema, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};

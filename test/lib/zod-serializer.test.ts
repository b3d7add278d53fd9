import fc from 'fast-check';
import { ResponseSerializationError, serializerCompiler as providerSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDirectionNeutral, serializerCompiler } from '../../src/lib/zod-serializer.js';

const serializerFor = (schema: z.ZodType, compiler = serializerCompiler) =>
  compiler({ schema, method: 'GET', url: '/test', httpStatus: '200' } as Parameters<typeof compiler>[0]);

const address = z.object({ line: z.string().trim(), city: z.string().nullable() });
const receipt = z.object({
  id: z.string().startsWith('rcpt_'),
  status: z.enum(['PENDING', 'AUTHORIZED']),
  total: z.number().min(0),
  createdAt: z.iso.datetime(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })).max(50),
  address: address.optional(),
  tags: z.record(z.string(), z.union([z.string(), z.number()])),
  kind: z.discriminatedUnion('type', [z.object({ type: z.literal('a'), a: z.string() }), z.object({ type: z.literal('b'), b: z.number() })]),
});

describe('isDirectionNeutral', () => {
  it.each([
    ['scalars with checks', z.string().email()],
    ['an object of objects, arrays, unions, records, enums and optionals', receipt],
    ['a nullable date', z.date().nullable()],
    ['a strict object with a catchall', z.object({ a: z.string() }).catchall(z.number())],
    ['a tuple', z.tuple([z.string(), z.number()])],
  ])('holds for %s', (_case, schema) => {
    expect(isDirectionNeutral(schema)).toBe(true);
  });

  it.each([
    ['a transform', z.string().transform((value) => value.length)],
    ['a default deep in an object', z.object({ lines: z.array(z.object({ quantity: z.number().default(1) })) })],
    ['a codec', z.object({ at: z.codec(z.iso.datetime(), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() }) })],
    ['a pipe', z.string().pipe(z.string().min(1))],
    ['a catch', z.object({ n: z.number().catch(0) })],
    ['a prefault', z.object({ n: z.number().prefault(0) })],
    ['a lazy (recursive) schema', z.object({ children: z.lazy(() => z.array(z.string())) })],
    ['a directional option of a union', z.union([z.string(), z.number().default(0)])],
  ])('fails for %s', (_case, schema) => {
    expect(isDirectionNeutral(schema)).toBe(false);
  });
});

describe('serializerCompiler', () => {
  const value = {
    id: 'rcpt_1',
    status: 'AUTHORIZED',
    total: 12.5,
    createdAt: '2026-03-01T10:00:00Z',
    lines: [{ sku: 'A', quantity: 2, extra: 'dropped' }],
    address: { line: '  1 Main St  ', city: null },
    tags: { a: 'x', b: 2 },
    kind: { type: 'b', b: 3 },
    unknown: 'dropped',
  };

  it('writes what the provider writes for a neutral schema: unknown keys dropped, shape order, trims applied', () => {
    expect(serializerFor(receipt)(value)).toBe(serializerFor(receipt, providerSerializerCompiler)(value));
    expect(JSON.parse(serializerFor(receipt)(value) as string)).toMatchObject({ lines: [{ sku: 'A', quantity: 2 }], address: { line: '1 Main St' } });
  });

  it('encodes through a codec, as the provider does', () => {
    const schema = z.object({ at: z.codec(z.iso.datetime(), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() }) });
    const at = new Date('2026-03-01T10:00:00Z');
    expect(serializerFor(schema)({ at })).toBe('{"at":"2026-03-01T10:00:00.000Z"}');
  });

  it('refuses a value the schema refuses, with the provider\'s error', () => {
    expect(() => serializerFor(receipt)({ ...value, total: -1 })).toThrow(ResponseSerializationError);
    expect(() => serializerFor(receipt)({ ...value, kind: { type: 'c' } })).toThrow(ResponseSerializationError);
  });

  it('agrees with the provider on any value, valid or not', () => {
    const arbitraryReceipt = fc.record({
      id: fc.oneof(fc.constant('rcpt_x'), fc.string({ maxLength: 8 })),
      status: fc.constantFrom('PENDING', 'AUTHORIZED', 'OTHER'),
      total: fc.oneof(fc.double({ noNaN: true, min: -10, max: 1e6 }), fc.integer()),
      createdAt: fc.constantFrom('2026-03-01T10:00:00Z', 'yesterday'),
      lines: fc.array(fc.record({ sku: fc.string({ maxLength: 4 }), quantity: fc.integer({ min: -2, max: 5 }) }), { maxLength: 3 }),
      address: fc.option(fc.record({ line: fc.string({ maxLength: 6 }), city: fc.option(fc.string({ maxLength: 4 })) }), { nil: undefined }),
      tags: fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean())),
      kind: fc.oneof(fc.record({ type: fc.constant('a'), a: fc.string({ maxLength: 3 }) }), fc.record({ type: fc.constantFrom('b', 'c'), b: fc.integer() })),
    });
    const ours = serializerFor(receipt);
    const theirs = serializerFor(receipt, providerSerializerCompiler);
    const outcome = (serialize: (data: unknown) => unknown, data: unknown) => {
      try {
        return { text: serialize(data) };
      } catch (error) {
        return { error: (error as Error).constructor.name };
      }
    };
    fc.assert(
      fc.property(arbitraryReceipt, (data) => {
        expect(outcome(ours, data)).toEqual(outcome(theirs, data));
      }),
      { numRuns: 500 },
    );
  });
});

import type { FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { serializerCompiler } from './zod-serializer.js';

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type CompilersFactory = NonNullable<SchemaController['compilersFactory']>;

/**
 * Fastify's schema compilers given up front, as its `schemaController` option: zod's, which
 * every route uses (the response serializer is ours, see zod-serializer.ts). Set later with
 * setValidatorCompiler, they would come after Fastify has
 * already loaded its defaults — ajv and fast-json-stringify, ~100 modules no request uses.
 * Fastify types these factories for its ajv defaults; at run time it calls the compiler they
 * return exactly as one given to setValidatorCompiler / setSerializerCompiler.
 */
export const zodSchemaController: SchemaController = {
  compilersFactory: {
    buildValidator: (() => validatorCompiler) as unknown as CompilersFactory['buildValidator'],
    buildSerializer: (() => serializerCompiler) as unknown as CompilersFactory['buildSerializer'],
  },
};

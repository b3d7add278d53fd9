import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { FixtureError } from '../../fixtures/read-fixture.js';

/**
 * Reads one JSON fixture file of any shape (readFixtureList takes lists only) and validates it,
 * naming the file and every problem when it is wrong. Startup only: it reads synchronously.
 */
export function readJsonFixture<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FixtureError(`fixture ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new FixtureError(`fixture ${path} is invalid — ${problems.join('; ')}`);
  }
  return parsed.data;
}

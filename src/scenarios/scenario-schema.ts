import { z } from 'zod';
import { isIsoDuration, waitDurationProblem } from './durations.js';
import { asMatcher, matcherProblems } from './matchers.js';
import { referencesIn, stringsIn, VariableError } from './variables.js';

/**
 * The scenario file format (README "Scenarios"): a name, a description, an optional default API
 * and ordered steps. A step is a request to an emulated API, an admin call, a clock move or a
 * wait; which one is told by its keys (`admin`, `clock`, `wait`, else a request), and the step is
 * then checked against that kind's schema alone, so an error names the field that is wrong
 * rather than "matches none of four shapes".
 */

/** Where each emulated API lives on a sandbox (CONTRACT §2); request paths are relative to it. */
export const SCENARIO_APIS = { rulrr: '/rulrr', wll: '/wll', kangaroo: '/kangaroo' } as const;
export type ScenarioApi = keyof typeof SCENARIO_APIS;
const apiName = z.enum(Object.keys(SCENARIO_APIS) as [ScenarioApi, ...ScenarioApi[]]);

/** Variables every scenario has: the workspace the runner made, and each API's credentials in it. */
export const WORKSPACE_ROOTS = ['workspace', ...Object.keys(SCENARIO_APIS)];

const MAX_WAIT_MS = 60_000;
const MAX_UNTIL_TIMEOUT_MS = 300_000;
const MAX_UNTIL_INTERVAL_MS = 10_000;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const method = z
  .string()
  .max(10)
  .transform((text) => text.toUpperCase())
  .pipe(z.enum(METHODS, { error: `must be one of ${METHODS.join(', ')}` }));

const scalar = z.union([z.string().max(10_000), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });
const queryParams = z.record(z.string().min(1).max(200), z.union([scalar, z.array(scalar).max(100)]));
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'must be an HTTP header name');
const headers = z.record(headerName, z.string().max(8192));
const path = z.string().max(2000).startsWith('/', 'must start with /');
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A record keyed by variable names (captures, declared variables), each bad name reported under itself. */
const namedValues = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const name of Object.keys(record)) {
      if (!VARIABLE_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'must be a name of letters, digits and _ (not starting with a digit)' });
      else if (WORKSPACE_ROOTS.includes(name)) ctx.addIssue({ code: 'custom', path: [name], message: `must not be one of ${WORKSPACE_ROOTS.join(', ')}: those hold the workspace` });
    }
  });
const text = (max: number) => z.string().min(1).max(max);

/** An expected body: any JSON, with matchers checked where they stand. */
const expectedJson = z.json().superRefine((value, ctx) => {
  for (const problem of matcherProblems(value)) ctx.addIssue({ code: 'custom', message: `${problem.path}: ${problem.message}` });
});
const expectedHeader = expectedJson.refine(
  (value) => typeof value === 'string' || asMatcher(value) !== undefined,
  'must be a string or a matcher such as {"$regex": "^application/json"}',
);

const expectation = z
  .object({
    status: z.number().int().min(100).max(599),
    body: expectedJson.optional(),
    headers: z.record(headerName, expectedHeader).optional(),
  })
  .strict();

const captures = namedValues(z.string().max(500).startsWith('$', 'must be a JSONPath starting with $'));

const describedStep = {
  name: text(200).optional(),
  description: text(5000).optional(),
};

const requestFields = {
  api: apiName.optional(),
  method,
  path: path.optional(),
  url: text(4000).optional().describe('an absolute URL, e.g. "${uploadUrl}" captured from an answer'),
  query: queryParams.optional(),
  headers: headers.optional(),
  body: z.json().optional(),
  text: z.string().max(1024 * 1024).optional(),
  form: z.record(z.string().min(1).max(200), scalar).optional(),
};

function checkRequestShape(request: { path?: string; url?: string; body?: unknown; text?: string; form?: unknown }, ctx: z.RefinementCtx) {
  if ((request.path === undefined) === (request.url === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['path'], message: 'give either path (relative to the API) or url (absolute), not both or neither' });
  }
  const bodies = ['body', 'text', 'form'].filter((key) => request[key as keyof typeof request] !== undefined);
  if (bodies.length > 1) ctx.addIssue({ code: 'custom', path: [bodies[1]!], message: `give one of body, text or form, not ${bodies.join(' and ')}` });
}

const requestStep = z
  .object({ ...describedStep, ...requestFields, expect: expectation, capture: captures.optional() })
  .strict()
  .superRefine(checkRequestShape);

const adminCall = z
  .object({
    method,
    path: path.describe('relative to /__admin, e.g. /rulrr/integrations/${integrationToken}/complete'),
    query: queryParams
      .refine((query) => !('workspace' in query), 'must not name a workspace: the runner adds ?workspace= for the scenario\'s own')
      .optional(),
    body: z.json().optional(),
  })
  .strict();

const adminStep = z
  .object({ ...describedStep, admin: adminCall, expect: expectation.optional(), capture: captures.optional() })
  .strict();

const clockMove = z.union(
  [
    z.object({ advanceBy: z.string().max(100).refine(isIsoDuration, 'must be an ISO 8601 duration such as PT16M or P365D') }).strict(),
    z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
    z.literal('real'),
  ],
  { error: 'must be {"advanceBy": "<ISO 8601 duration>"}, {"set": "<ISO 8601 instant>"} or "real"' },
);
const clockStep = z.object({ ...describedStep, clock: clockMove }).strict();

const waitDuration = (maxMs: number) =>
  z.string().max(100).superRefine((value, ctx) => {
    const problem = waitDurationProblem(value, maxMs);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const untilRequest = z
  .object({ ...requestFields, expect: expectation })
  .strict()
  .superRefine(checkRequestShape);
const untilAdmin = z.object({ admin: adminCall, expect: expectation }).strict();

/**
 * Parses a value with the one schema its shape calls for, and hands that schema's issues up
 * (their paths below the current one), so an error names the field rather than a failed union.
 */
function parseAs<T extends z.ZodType>(schema: T, value: unknown, ctx: z.RefinementCtx): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
  return z.NEVER;
}

const untilCondition = z.unknown().transform((value, ctx) =>
  typeof value === 'object' && value !== null && 'admin' in value
    ? { kind: 'admin' as const, ...parseAs(untilAdmin, value, ctx) }
    : { kind: 'request' as const, ...parseAs(untilRequest, value, ctx) },
);

const waitUntil = z
  .object({
    until: untilCondition,
    timeout: waitDuration(MAX_UNTIL_TIMEOUT_MS).default('PT10S'),
    interval: waitDuration(MAX_UNTIL_INTERVAL_MS).default('PT0.25S'),
  })
  .strict();

const waitStep = z
  .object({
    ...describedStep,
    // "PT1S", or {"until": <request or admin call with expect>, "timeout"?, "interval"?}
    wait: z.unknown().transform((value, ctx) => (typeof value === 'string' ? parseAs(waitDuration(MAX_WAIT_MS), value, ctx) : parseAs(waitUntil, value, ctx))),
  })
  .strict();

const STEP_KINDS = { admin: adminStep, clock: clockStep, wait: waitStep } as const;

export type RequestStep = z.output<typeof requestStep> & { kind: 'request' };
export type AdminStep = z.output<typeof adminStep> & { kind: 'admin' };
export type ClockStep = z.output<typeof clockStep> & { kind: 'clock' };
export type WaitStep = z.output<typeof waitStep> & { kind: 'wait' };
export type Step = RequestStep | AdminStep | ClockStep | WaitStep;
export type Expectation = z.output<typeof expectation>;
export type RequestFields = Omit<z.output<typeof untilRequest>, 'expect'>;
export type AdminCall = z.output<typeof adminCall>;

const step = z.unknown().transform((value, ctx): Step => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'a step must be an object' });
    return z.NEVER;
  }
  const kinds = Object.keys(STEP_KINDS).filter((key) => key in value) as Array<keyof typeof STEP_KINDS>;
  if (kinds.length > 1 || (kinds.length === 1 && ('method' in value || 'path' in value))) {
    ctx.addIssue({
      code: 'custom',
      message: `a step is one thing: a request (method, path…), "admin", "clock" or "wait" — this one has ${[...kinds, ...('method' in value ? ['method'] : [])].join(' and ')}`,
    });
    return z.NEVER;
  }
  const kind = kinds[0] ?? 'request';
  return { kind, ...parseAs(kind === 'request' ? requestStep : STEP_KINDS[kind], value, ctx) } as Step;
});

/** Every string of a step that may hold `${…}` references, with the field it sits in. */
function referencingFields(step: Step): Array<{ field: Array<string | number>; value: unknown }> {
  const requestParts = (request: Partial<RequestFields>, prefix: Array<string | number>) =>
    (['path', 'url', 'query', 'headers', 'body', 'text', 'form'] as const).map((key) => ({ field: [...prefix, key], value: request[key] }));
  switch (step.kind) {
    case 'request':
      return [...requestParts(step, []), { field: ['expect'], value: step.expect }];
    case 'admin':
      return [...requestParts(step.admin, ['admin']), { field: ['expect'], value: step.expect }];
    case 'clock':
      return [];
    case 'wait': {
      if (typeof step.wait === 'string') return [];
      const until = step.wait.until;
      const prefix = ['wait', 'until'];
      return until.kind === 'admin'
        ? [...requestParts(until.admin, [...prefix, 'admin']), { field: [...prefix, 'expect'], value: until.expect }]
        : [...requestParts(until, prefix), { field: [...prefix, 'expect'], value: until.expect }];
    }
  }
}

function capturesOf(step: Step): string[] {
  return step.kind === 'request' || step.kind === 'admin' ? Object.keys(step.capture ?? {}) : [];
}

export const scenarioSchema = z
  .object({
    name: text(200),
    description: text(10_000).optional(),
    api: apiName.optional().describe('the API of request steps that do not name one'),
    variables: namedValues(z.string().max(10_000))
      .optional()
      .describe('fixed values, e.g. a secret the recorder could not map; a capture of the same name replaces one'),
    steps: z.array(step).min(1).max(1000),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    // References are checked before anything runs: a typo is a file error, not a failed run.
    const known = new Set([...WORKSPACE_ROOTS, ...Object.keys(scenario.variables ?? {})]);
    const check = (value: unknown, path: Array<string | number>, names: Set<string>) => {
      for (const text of stringsIn(value)) {
        try {
          for (const name of referencesIn(text)) {
            const root = name.split('.')[0]!;
            if (!names.has(root)) ctx.addIssue({ code: 'custom', path, message: `\${${name}} is not known here (known: ${[...names].join(', ')})` });
          }
        } catch (error) {
          if (!(error instanceof VariableError)) throw error;
          ctx.addIssue({ code: 'custom', path, message: error.message });
        }
      }
    };
    for (const [name, value] of Object.entries(scenario.variables ?? {})) check(value, ['variables', name], new Set(WORKSPACE_ROOTS));
    scenario.steps.forEach((step, index) => {
      if (step.kind === 'request' && !step.api && !scenario.api) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'api'], message: `name the API (${Object.keys(SCENARIO_APIS).join(', ')}), here or as the scenario's "api"` });
      }
      if (step.kind === 'wait' && typeof step.wait !== 'string' && step.wait.until.kind === 'request' && !step.wait.until.api && !scenario.api) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'wait', 'until', 'api'], message: 'name the API, here or as the scenario\'s "api"' });
      }
      for (const { field, value } of referencingFields(step)) check(value, ['steps', index, ...field], known);
      for (const name of capturesOf(step)) known.add(name);
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;

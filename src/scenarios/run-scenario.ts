import { JSONPath } from 'jsonpath-plus';
import { durationMs } from './durations.js';
import { HttpCallError, send, type HttpAnswer, type OutgoingRequest } from './http-call.js';
import { differences, type Difference } from './matchers.js';
import { pollUntil } from './poll-until.js';
import { AdminCallError, SandboxAdmin, type CreatedWorkspace } from './sandbox-admin.js';
import {
  SCENARIO_APIS,
  type AdminCall,
  type Expectation,
  type RequestFields,
  type Scenario,
  type ScenarioApi,
  type Step,
} from './scenario-schema.js';
import { fill, fillText, VariableError, type Variables } from './variables.js';

export interface RunOptions {
  /** The sandbox, e.g. http://localhost:4010. */
  baseUrl: string;
  /** SANDBOX_ADMIN_TOKEN of that sandbox, when it has one. */
  adminToken?: string;
  /** Keep going after a failed step (every step's differences are wanted), instead of stopping. */
  compare?: boolean;
  requestTimeoutMs?: number;
}

export type StepOutcome = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  /** 1-based, as the report and error messages count. */
  number: number;
  name: string;
  kind: Step['kind'];
  outcome: StepOutcome;
  /** `POST /rulrr/v1/auth/integration`: the path as written (tokens stay `${…}`), without the query. */
  call?: string;
  status?: number;
  differences: Difference[];
  /** Why the step could not be carried out at all (no answer, an unknown variable…). */
  error?: string;
  durationMs: number;
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  workspaceId?: string;
  steps: StepResult[];
  /** Why the scenario could not run (no workspace could be made). */
  error?: string;
  /** Things that went wrong without failing it (the workspace could not be deleted). */
  warnings: string[];
  durationMs: number;
}

class StepError extends Error {}

/** What a step is called in a report when its file gives it no name. */
function stepLabel(step: Step): string {
  switch (step.kind) {
    case 'request':
      return step.name ?? `${step.method} ${step.path ?? step.url}`;
    case 'admin':
      return step.name ?? `admin ${step.admin.method} ${step.admin.path}`;
    case 'clock':
      return step.name ?? (step.clock === 'real' ? 'clock back to real time' : `clock ${JSON.stringify(step.clock)}`);
    case 'wait':
      return step.name ?? (typeof step.wait === 'string' ? `wait ${step.wait}` : 'wait until the condition holds');
  }
}

function hasContentType(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
}

function appendQuery(url: URL, query: RequestFields['query'], variables: Variables) {
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, typeof item === 'string' ? fillText(item, variables) : String(item));
    }
  }
}

function encodeBody(fields: Pick<RequestFields, 'body' | 'text' | 'form'>, headers: Record<string, string>, variables: Variables) {
  const withType = (type: string) => (hasContentType(headers) ? headers : { ...headers, 'content-type': type });
  if (fields.body !== undefined) return { headers: withType('application/json'), body: JSON.stringify(fill(fields.body, variables)) };
  if (fields.text !== undefined) return { headers: withType('text/plain'), body: fillText(fields.text, variables) };
  if (fields.form !== undefined) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(fields.form)) form.append(key, typeof value === 'string' ? fillText(value, variables) : String(value));
    return { headers: withType('application/x-www-form-urlencoded'), body: form.toString() };
  }
  return { headers, body: undefined };
}

/** The HTTP request a request step (or a wait's condition) stands for, with its variables filled. */
function apiRequest(fields: RequestFields, api: ScenarioApi, baseUrl: string, variables: Variables): { request: OutgoingRequest; call: string } {
  let url: URL;
  if (fields.url !== undefined) {
    const filled = fillText(fields.url, variables);
    try {
      url = new URL(filled);
    } catch {
      throw new StepError(`url: "${filled.slice(0, 100)}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StepError(`url: only http and https URLs are called, not ${url.protocol}`);
  } else {
    url = new URL(`${baseUrl}${SCENARIO_APIS[api]}${fillText(fields.path ?? '/', variables)}`);
  }
  appendQuery(url, fields.query, variables);
  const headers = Object.fromEntries(Object.entries(fields.headers ?? {}).map(([name, value]) => [name, fillText(value, variables)]));
  const encoded = encodeBody(fields, headers, variables);
  // The report shows the path as written, so a token in it stays a ${name}, never its value.
  const shown = fields.url ?? `${SCENARIO_APIS[api]}${fields.path ?? '/'}`;
  return { request: { method: fields.method, url: url.href, ...encoded }, call: `${fields.method} ${shown}` };
}

function adminRequest(call: AdminCall, baseUrl: string, adminToken: string | undefined, workspaceId: string, variables: Variables) {
  const url = new URL(`${baseUrl}/__admin${fillText(call.path, variables)}`);
  appendQuery(url, call.query, variables);
  url.searchParams.set('workspace', workspaceId);
  const headers: Record<string, string> = adminToken ? { authorization: `Bearer ${adminToken}` } : {};
  const encoded = encodeBody({ body: call.body }, headers, variables);
  return { request: { method: call.method, url: url.href, ...encoded }, call: `${call.method} /__admin${call.path}` };
}

/** Every way an answer differs from what was expected: status first, then headers, then the body. */
function checkAnswer(expect: Expectation | undefined, answer: HttpAnswer, variables: Variables): Difference[] {
  if (!expect) {
    return answer.status >= 200 && answer.status < 300 ? [] : [{ path: 'status', message: `expected a 2xx status, got ${answer.status}` }];
  }
  const found: Difference[] = [];
  if (answer.status !== expect.status) found.push({ path: 'status', message: `expected ${expect.status}, got ${answer.status}` });
  for (const [name, expected] of Object.entries(expect.headers ?? {})) {
    const header = name.toLowerCase();
    found.push(...differences(fill(expected, variables), answer.headers[header], `headers.${header}`));
  }
  if (expect.body !== undefined) found.push(...differences(fill(expect.body, variables), answer.body));
  return found;
}

/** Takes the captures a step names from its answer's body into the variables. */
function capture(captures: Record<string, string> | undefined, answer: HttpAnswer, variables: Variables): Difference[] {
  const missing: Difference[] = [];
  for (const [name, path] of Object.entries(captures ?? {})) {
    let found: unknown[] = [];
    if (typeof answer.body === 'object' && answer.body !== null) {
      try {
        found = JSONPath({ path, json: answer.body, wrap: true, eval: 'safe' }) as unknown[];
      } catch (error) {
        missing.push({ path: `capture ${name}`, message: `${path} cannot be evaluated: ${(error as Error).message}` });
        continue;
      }
    }
    if (found.length === 0 || found[0] === undefined) missing.push({ path: `capture ${name}`, message: `${path} matched nothing in the answer` });
    else variables[name] = found[0];
  }
  return missing;
}

/** Runs one scenario in a workspace of its own, made and deleted through the admin API. */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const admin = new SandboxAdmin(baseUrl, options.adminToken, timeoutMs);
  const skippedAll = scenario.steps.map((step, i): StepResult => ({
    number: i + 1,
    name: stepLabel(step),
    kind: step.kind,
    outcome: 'skipped',
    differences: [],
    durationMs: 0,
  }));

  let workspace: CreatedWorkspace;
  try {
    workspace = await admin.createWorkspace(`scenario: ${scenario.name}`);
  } catch (error) {
    if (!(error instanceof AdminCallError || error instanceof HttpCallError)) throw error;
    return { name: scenario.name, passed: false, steps: skippedAll, error: error.message, warnings: [], durationMs: Date.now() - started };
  }

  const variables: Variables = { workspace };
  for (const api of Object.keys(SCENARIO_APIS)) if (workspace[api] !== undefined) variables[api] = workspace[api];
  const warnings: string[] = [];
  const steps: StepResult[] = [];
  try {
    for (const [name, value] of Object.entries(scenario.variables ?? {})) variables[name] = fillText(value, variables);
    const runStep = stepRunner(scenario, { baseUrl, adminToken: options.adminToken, timeoutMs, admin, workspaceId: workspace.id, variables });
    let failed = false;
    for (const [i, step] of scenario.steps.entries()) {
      if (failed && !options.compare) {
        steps.push(skippedAll[i]!);
        continue;
      }
      const result = await runStep(step, i);
      failed ||= result.outcome === 'failed';
      steps.push(result);
    }
  } finally {
    await admin.deleteWorkspace(workspace.id).catch((error: Error) => warnings.push(error.message));
  }
  return {
    name: scenario.name,
    passed: steps.every((step) => step.outcome === 'passed'),
    workspaceId: workspace.id,
    steps,
    warnings,
    durationMs: Date.now() - started,
  };
}

interface StepContext {
  baseUrl: string;
  adminToken: string | undefined;
  timeoutMs: number;
  admin: SandboxAdmin;
  workspaceId: string;
  variables: Variables;
}

function stepRunner(scenario: Scenario, context: StepContext) {
  const { baseUrl, adminToken, timeoutMs, admin, workspaceId, variables } = context;

  const exchange = async (prepared: { request: OutgoingRequest; call: string }, expect: Expectation | undefined) => {
    const answer = await send(prepared.request, timeoutMs);
    return { answer, found: checkAnswer(expect, answer, variables) };
  };
  const prepareRequest = (fields: RequestFields) => apiRequest(fields, (fields.api ?? scenario.api)!, baseUrl, variables);
  const prepareAdmin = (call: AdminCall) => adminRequest(call, baseUrl, adminToken, workspaceId, variables);

  return async (step: Step, index: number): Promise<StepResult> => {
    const started = Date.now();
    const result: StepResult = { number: index + 1, name: stepLabel(step), kind: step.kind, outcome: 'passed', differences: [], durationMs: 0 };
    try {
      switch (step.kind) {
        case 'request':
        case 'admin': {
          const prepared = step.kind === 'request' ? prepareRequest(step) : prepareAdmin(step.admin);
          result.call = prepared.call;
          const { answer, found } = await exchange(prepared, step.expect);
          result.status = answer.status;
          result.differences = [...found, ...capture(step.capture, answer, variables)];
          break;
        }
        case 'clock': {
          const move = step.clock === 'real' ? admin.call('DELETE', `/clock?workspace=${workspaceId}`) : admin.call('POST', `/clock?workspace=${workspaceId}`, step.clock);
          result.call = `${step.clock === 'real' ? 'DELETE' : 'POST'} /__admin/clock`;
          const answer = await move;
          result.status = answer.status;
          result.differences = checkAnswer({ status: 200 }, answer, variables);
          break;
        }
        case 'wait': {
          if (typeof step.wait === 'string') {
            await new Promise((resolve) => setTimeout(resolve, durationMs(step.wait as string)));
            break;
          }
          const { until, timeout, interval } = step.wait;
          const outcome = await pollUntil(
            async () => {
              const prepared = until.kind === 'admin' ? prepareAdmin(until.admin) : prepareRequest(until);
              result.call = prepared.call;
              const { answer, found } = await exchange(prepared, until.expect);
              result.status = answer.status;
              return found;
            },
            durationMs(timeout),
            durationMs(interval),
          );
          if (!outcome.met) {
            result.differences = outcome.last;
            result.error = `the condition did not hold within ${timeout} (${outcome.attempts} attempts); the last one found:`;
          }
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof StepError || error instanceof VariableError || error instanceof HttpCallError)) throw error;
      result.error = error.message;
    }
    if (result.error || result.differences.length) result.outcome = 'failed';
    result.durationMs = Date.now() - started;
    return result;
  };
}

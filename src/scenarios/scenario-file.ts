import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './scenario-schema.js';

/** The scenarios shipped with the package: what `replay` runs when given no files. */
export const SHIPPED_SCENARIOS_DIR = fileURLToPath(new URL('../../fixtures/scenarios', import.meta.url));

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A scenario file that cannot be used, with every problem naming the file, the step and the field. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
    this.name = 'ScenarioFileError';
  }
}

export interface LoadedScenario {
  file: string;
  /** Position in its file (a YAML file may hold several documents, a JSON file a list). */
  index: number;
  scenario: Scenario;
}

function fieldText(path: PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** `file: step 3 "Take the tokens": expect.status: message` — where a person will look for it. */
function describeIssue(file: string, raw: unknown, issue: z.core.$ZodIssue, scenarioLabel = ''): string {
  const [first, second, ...rest] = issue.path;
  if (first === 'steps' && typeof second === 'number') {
    const rawStep = (raw as { steps?: unknown[] }).steps?.[second];
    const name = typeof rawStep === 'object' && rawStep !== null && typeof (rawStep as { name?: unknown }).name === 'string'
      ? ` "${(rawStep as { name: string }).name}"`
      : '';
    const field = fieldText(rest);
    return `${file}${scenarioLabel}: step ${second + 1}${name}: ${field ? `${field}: ` : ''}${issue.message}`;
  }
  const field = fieldText(issue.path);
  return `${file}${scenarioLabel}: ${field || '(top level)'}: ${issue.message}`;
}

/** Parses the text of a scenario file (JSON, or YAML by extension) into its scenarios. */
export function parseScenarioText(file: string, text: string): LoadedScenario[] {
  let documents: unknown[];
  if (extname(file).toLowerCase() === '.json') {
    try {
      const data: unknown = JSON.parse(text);
      documents = Array.isArray(data) ? data : [data];
    } catch (error) {
      throw new ScenarioFileError(file, [`${file}: not valid JSON: ${(error as Error).message}`]);
    }
  } else {
    const parsed = parseAllDocuments(text, { uniqueKeys: true });
    const all = Array.isArray(parsed) ? parsed : [parsed];
    const problems = all.flatMap((document) => document.errors.map((error) => `${file}: not valid YAML: ${error.message}`));
    if (problems.length) throw new ScenarioFileError(file, problems);
    try {
      documents = all.map((document) => document.toJS({ maxAliasCount: 50 }) as unknown);
    } catch (error) {
      // An alias without its anchor, or too many aliases, only shows when the document is built.
      throw new ScenarioFileError(file, [`${file}: not valid YAML: ${(error as Error).message}`]);
    }
  }
  if (documents.length === 0) throw new ScenarioFileError(file, [`${file}: holds no scenario`]);
  const problems: string[] = [];
  const scenarios: LoadedScenario[] = [];
  documents.forEach((raw, index) => {
    const result = scenarioSchema.safeParse(raw);
    const label = documents.length > 1 ? ` (scenario ${index + 1})` : '';
    if (result.success) scenarios.push({ file, index, scenario: result.data });
    else problems.push(...result.error.issues.map((issue) => describeIssue(file, raw, issue, label)));
  });
  if (problems.length) throw new ScenarioFileError(file, problems);
  return scenarios;
}

export async function readScenarioFile(file: string): Promise<LoadedScenario[]> {
  const info = await stat(file);
  if (info.size > MAX_FILE_BYTES) throw new ScenarioFileError(file, [`${file}: larger than ${MAX_FILE_BYTES} bytes`]);
  return parseScenarioText(file, await readFile(file, 'utf8'));
}

/** Files as given, and the scenario files directly inside each folder given, sorted by name. */
export async function expandScenarioPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new ScenarioFileError(path, [`${path}: no such file or folder`]);
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => EXTENSIONS.has(extname(name).toLowerCase())).sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

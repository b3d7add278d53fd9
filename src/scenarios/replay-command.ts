import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { REPLAY_USAGE } from './command-usage.js';
import { junitXml, type JunitCase } from './junit.js';
import { formatScenario, formatSummary, type ReplayedScenario } from './report.js';
import { runScenario } from './run-scenario.js';
import { expandScenarioPaths, readScenarioFile, ScenarioFileError, SHIPPED_SCENARIOS_DIR, type LoadedScenario } from './scenario-file.js';

export interface ReplayEnvironment {
  defaultBaseUrl: string;
  adminToken: string | undefined;
  print: (text: string) => void;
  printError: (text: string) => void;
}

/** A file as the report and the JUnit XML name it: relative to the working folder when it is inside it. */
function shownPath(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}

/** `pos-sandbox replay`: returns the process exit code. */
export async function replayCommand(argv: string[], env: ReplayEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'base-url': { type: 'string' },
        junit: { type: 'string' },
        bail: { type: 'boolean', default: false },
        filter: { type: 'string' },
        compare: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    env.printError(`pos-sandbox replay: ${(error as Error).message}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const baseUrl = values['base-url'] ?? env.defaultBaseUrl;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    env.printError(`pos-sandbox replay: --base-url must be an http(s) URL, not "${baseUrl}"`);
    return 2;
  }

  let loaded: LoadedScenario[];
  try {
    const files = await expandScenarioPaths(positionals.length ? positionals : [SHIPPED_SCENARIOS_DIR]);
    const problems: string[] = [];
    loaded = [];
    for (const file of files) {
      try {
        loaded.push(...(await readScenarioFile(file)));
      } catch (error) {
        if (!(error instanceof ScenarioFileError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length) {
      env.printError(`pos-sandbox replay: invalid scenario files — nothing was run\n${problems.map((line) => `  ${line}`).join('\n')}`);
      return 2;
    }
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    env.printError(`pos-sandbox replay: ${error.message}`);
    return 2;
  }
  const filter = values.filter?.toLowerCase();
  const chosen = filter ? loaded.filter(({ scenario }) => scenario.name.toLowerCase().includes(filter)) : loaded;
  if (chosen.length === 0) {
    env.printError(`pos-sandbox replay: no scenario to run${filter ? ` (none is named like "${values.filter}")` : ''}`);
    return 2;
  }

  env.print(`replaying ${chosen.length} scenario${chosen.length === 1 ? '' : 's'} against ${baseUrl}`);
  const started = new Date();
  const replayed: ReplayedScenario[] = [];
  const cases: JunitCase[] = [];
  let bailed = false;
  for (const { file: path, scenario } of chosen) {
    const file = shownPath(path);
    if (bailed) {
      cases.push({ file, name: scenario.name });
      continue;
    }
    const result = await runScenario(scenario, { baseUrl, adminToken: env.adminToken, compare: values.compare });
    replayed.push({ file, result });
    cases.push({ file, name: scenario.name, result });
    env.print(formatScenario({ file, result }, values.compare));
    bailed = values.bail && !result.passed;
  }
  env.print(formatSummary(replayed, cases.length - replayed.length));

  if (values.junit) {
    await mkdir(dirname(values.junit), { recursive: true });
    await writeFile(values.junit, junitXml(cases, started));
    env.print(`wrote ${values.junit}`);
  }
  return replayed.every(({ result }) => result.passed) ? 0 : 1;
}

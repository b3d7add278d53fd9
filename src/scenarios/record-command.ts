import { parseArgs } from 'node:util';
import { RECORD_USAGE } from './command-usage.js';
import { startRecorder } from './recorder.js';
import { SCENARIO_APIS, type ScenarioApi } from './scenario-schema.js';

export interface RecordEnvironment {
  print: (text: string) => void;
  printError: (text: string) => void;
  /** Resolves when the recorder should stop (the CLI: on SIGINT or SIGTERM). */
  stopped: Promise<unknown>;
}

function httpUrl(text: string | undefined): boolean {
  return text !== undefined && URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

/** `pos-sandbox record`: runs until stopped; returns the process exit code. */
export async function recordCommand(argv: string[], env: RecordEnvironment): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        api: { type: 'string' },
        upstream: { type: 'string' },
        port: { type: 'string', default: '4020' },
        host: { type: 'string', default: '127.0.0.1' },
        out: { type: 'string' },
        name: { type: 'string' },
        'admin-upstream': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    env.printError(`pos-sandbox record: ${(error as Error).message}\n\n${RECORD_USAGE}`);
    return 2;
  }
  const problems = [
    !(values.api && values.api in SCENARIO_APIS) && `--api must be one of ${Object.keys(SCENARIO_APIS).join(', ')}`,
    !httpUrl(values.upstream) && '--upstream must be an http(s) URL',
    values['admin-upstream'] !== undefined && !httpUrl(values['admin-upstream']) && '--admin-upstream must be an http(s) URL',
    !/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535 ? '--port must be a port number' : false,
  ].filter(Boolean);
  if (problems.length) {
    env.printError(`pos-sandbox record: ${problems.join('; ')}\n\n${RECORD_USAGE}`);
    return 2;
  }
  const api = values.api as ScenarioApi;
  const out = values.out ?? `./recorded-${api}.json`;
  const recorder = await startRecorder({
    api,
    upstream: values.upstream!,
    adminUpstream: values['admin-upstream'],
    host: values.host,
    port: Number(values.port),
    out,
    name: values.name,
    onCall: env.print,
  });
  env.print(`recording ${api} calls: point the POS at ${recorder.url} (forwarded to ${values.upstream}); writing ${out}; Ctrl-C stops`);
  await env.stopped;
  const scenario = await recorder.close();
  env.print(scenario.steps.length ? `wrote ${out} (${scenario.steps.length} steps)` : 'no call was recorded; no file written');
  return 0;
}

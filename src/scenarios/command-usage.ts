// The record and replay commands' help, apart from them: `pos-sandbox --help` and every other
// command print it without loading the commands (and yaml, ~70 modules).

export const REPLAY_USAGE = [
  'usage: pos-sandbox replay [files or folders…] [--base-url URL] [--junit FILE] [--bail] [--filter TEXT] [--compare]',
  '  files or folders  scenario files (.json, .yaml, .yml); a folder means the files in it (default: the shipped fixtures/scenarios)',
  '  --base-url URL    the running sandbox (default http://127.0.0.1:$PORT, PORT defaulting to 4010)',
  '  --junit FILE      also write JUnit XML there (one testsuite per file, one testcase per scenario)',
  '  --bail            stop after the first scenario that fails',
  '  --filter TEXT     only scenarios whose name contains TEXT (case-insensitive)',
  '  --compare         run every step even after one fails, and show every difference of each step',
  'exit code: 0 all passed · 1 a step failed or a scenario could not run · 2 bad flags or an invalid scenario file',
].join('\n');

export const RECORD_USAGE = [
  'usage: pos-sandbox record --api rulrr|wll|kangaroo --upstream URL [--port N] [--host H] [--out FILE] [--name TEXT] [--admin-upstream URL]',
  '  --upstream URL        the API base to forward to: https://api.rulrr.com, or http://localhost:4011/rulrr for another sandbox',
  '  --port N, --host H    where the recorder listens (default 127.0.0.1:4020); point the POS there instead of the upstream',
  '  --out FILE            the scenario file, rewritten after every call (default ./recorded-<api>.json)',
  '  --name TEXT           the scenario\'s name',
  '  --admin-upstream URL  where /__admin calls go (default: the upstream\'s origin), recorded as admin steps',
  'Ctrl-C (SIGINT) or SIGTERM stops it; the file is complete after every call.',
].join('\n');

#!/usr/bin/env node
import { enableCompileCache } from './lib/compile-cache.js';

// `pos-sandbox …`: the compile cache is on before the commands' modules are loaded, which is why
// they are imported here, after it, and not above.
enableCompileCache();
const { main } = await import('./cli-commands.js');
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`pos-sandbox: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);

import { enableCompileCache } from './lib/compile-cache.js';

// `node dist/server.js`: the compile cache is on before the app's modules are loaded, which is
// why they are imported here, after it, and not above.
enableCompileCache();
const [{ loadConfig }, { startServer }] = await Promise.all([import('./config.js'), import('./start-server.js')]);
try {
  await startServer(loadConfig(process.argv.slice(2)));
} catch (error) {
  console.error(`pos-sandbox: ${(error as Error).message}`);
  process.exit(1);
}

import module from 'node:module';

type CompileCacheModule = { enableCompileCache?: (directory?: string) => { status: number; message?: string } };

/**
 * Turns on Node's on-disk cache of compiled modules (Node ≥ 22.1; Node 20 has none, so there this
 * does nothing): later starts skip compiling the ~450 modules the sandbox loads. It lives in
 * Node's default folder under the OS temp dir (NODE_COMPILE_CACHE picks another, and
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off). Only modules loaded after this call are cached, so
 * the entry calls it first and imports the rest afterwards. A cache that cannot be written is
 * no error: the start just compiles as it would without one.
 */
export function enableCompileCache(): void {
  try {
    (module as CompileCacheModule).enableCompileCache?.();
  } catch {
    // Nothing to report: the modules are compiled as they always were.
  }
}

/**
 * Time budgets for "no input may stall a call". CPU time is what a backtracking pattern or a
 * quadratic scan burns, and other processes on a busy machine do not inflate it the way they
 * inflate wall time, so budgets hold on the CPU time; wall time only gets a loose ceiling.
 */
export const HTTP_CPU_BUDGET_MS = 200;
export const HTTP_WALL_BUDGET_MS = 1000;

/** The result of a synchronous call and the CPU milliseconds it took (this process, all its threads). */
export function cpuTimed<T>(run: () => T): { result: T; cpuMs: number } {
  const before = process.cpuUsage();
  const result = run();
  const { user, system } = process.cpuUsage(before);
  return { result, cpuMs: (user + system) / 1000 };
}

/** The same for an asynchronous call, with its wall time too. */
export async function cpuTimedAsync<T>(run: () => Promise<T>): Promise<{ result: T; cpuMs: number; wallMs: number }> {
  const started = performance.now();
  const before = process.cpuUsage();
  const result = await run();
  const { user, system } = process.cpuUsage(before);
  return { result, cpuMs: (user + system) / 1000, wallMs: performance.now() - started };
}

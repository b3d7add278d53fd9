/**
 * Calls `onGone` once when the process that started this one exits. Node cannot ask the kernel
 * to be signalled then, but an orphan is handed to another parent, so its ppid changes. Where
 * orphans keep their ppid (Windows) this never fires.
 */
export function watchParent(onGone: () => void, everyMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  // The watch alone never keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}

// Ctrl-C during a benchmark: the first SIGINT (or SIGTERM) asks the running phase to stop, so that
// what was measured so far is still reported; a second one exits at once.

export const EXIT_INTERRUPTED = 130;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** Removes the handlers (call when the benchmark is over). */
  dispose(): void;
}

export function interruptOnSignals(
  onFirst: (signal: NodeJS.Signals) => void = (signal) =>
    process.stderr.write(`\n${signal}: stopping and writing the reports (again to exit now)\n`),
): Interrupt {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    onFirst(signal);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

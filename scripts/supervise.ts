// Runs the console and the dedicated API process as one service (`npm start` with
// KEYDESK_API_PORT): SIGINT/SIGTERM go to every child, each drains its requests, writes its
// usage counters and closes its pools, and the supervisor exits once all have stopped. When a
// child stops on its own, the others are stopped too and its exit code is the service's. A
// child still running KILL_AFTER_MS after the stop began (its own deadlines are 10 s to drain
// and 10 s to flush) is killed, and the exit code says so.
import type { ChildProcess } from "node:child_process";
import type { EventEmitter } from "node:events";

export const KILL_AFTER_MS = 30_000;

export type SuperviseOptions = {
  killAfterMs?: number;
  /** Where SIGINT/SIGTERM come from (the process itself; a plain emitter in tests). */
  signals?: Pick<EventEmitter, "on">;
  exit?: (code: number) => void;
};

export function superviseChildren(children: ChildProcess[], options: SuperviseOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  let exitCode: number | null = null;
  let forced = false;
  let killTimer: NodeJS.Timeout | null = null;
  let left = children.length;
  const asked = new Set<ChildProcess>();

  const stopAll = (signal: NodeJS.Signals) => {
    // Once each: a child already draining needs no second request.
    for (const c of children) {
      if (!running(c) || asked.has(c)) continue;
      asked.add(c);
      c.kill(signal);
    }
    killTimer ??= setTimeout(() => {
      for (const c of children) {
        if (!running(c)) continue;
        forced = true;
        console.error(
          `A Keydesk process (pid ${c.pid}) did not stop within ${Math.round((options.killAfterMs ?? KILL_AFTER_MS) / 1000)} s: killing it.`,
        );
        c.kill("SIGKILL");
      }
    }, options.killAfterMs ?? KILL_AFTER_MS);
    killTimer.unref();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    signals.on(signal, () => {
      exitCode ??= 0;
      stopAll(signal);
    });
  }
  for (const child of children) {
    child.on("exit", (code, signal) => {
      // The first child to stop decides the exit code (0 when we were asked to stop).
      exitCode ??= code ?? (signal ? 0 : 1);
      stopAll("SIGTERM");
      left -= 1;
      if (left > 0) return;
      if (killTimer) clearTimeout(killTimer);
      exit(forced ? 1 : exitCode);
    });
  }
}

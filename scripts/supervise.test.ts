// The supervisor behind `npm start`, with real child processes standing in for the console and
// the API process.
import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { superviseChildren } from "./supervise";

/** A child that prints "up", and on SIGTERM prints "draining", waits `drainMs`, prints "done", exits 0
 * (or ignores SIGTERM and SIGINT altogether). */
function server(drainMs: number, options: { ignoreTerm?: boolean; exitAfterMs?: number; exitCode?: number } = {}) {
  const script = `
    if (${options.ignoreTerm ? "true" : "false"}) process.on("SIGINT", () => {});
    process.on("SIGTERM", () => {
      if (${options.ignoreTerm ? "true" : "false"}) return;
      console.log("draining");
      setTimeout(() => { console.log("done"); process.exit(0); }, ${drainMs});
    });
    ${options.exitAfterMs !== undefined ? `setTimeout(() => process.exit(${options.exitCode ?? 0}), ${options.exitAfterMs});` : ""}
    setInterval(() => {}, 1000);
    console.log("up");`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  const up = new Promise<void>((resolve) => child.stdout!.on("data", () => output.includes("up") && resolve()));
  return { child, up, output: () => output.trim().split("\n") };
}

function supervise(children: ChildProcess[], killAfterMs = 10_000) {
  const signals = new EventEmitter();
  const exited = new Promise<{ code: number; stillRunning: number }>((resolve) =>
    superviseChildren(children, {
      signals,
      killAfterMs,
      exit: (code) => resolve({ code, stillRunning: children.filter((c) => c.exitCode === null && c.signalCode === null).length }),
    }),
  );
  return { signals, exited };
}

describe("superviseChildren", () => {
  it("passes SIGTERM to every child and exits 0 only once all have drained", async () => {
    const fast = server(50);
    const slow = server(400);
    await Promise.all([fast.up, slow.up]);
    const { signals, exited } = supervise([fast.child, slow.child]);
    signals.emit("SIGTERM");
    expect(await exited).toEqual({ code: 0, stillRunning: 0 });
    expect(fast.output()).toEqual(["up", "draining", "done"]);
    expect(slow.output()).toEqual(["up", "draining", "done"]);
  });

  it("stops the others when one child stops on its own, and exits with that child's code", async () => {
    const failing = server(0, { exitAfterMs: 100, exitCode: 3 });
    const other = server(100);
    await Promise.all([failing.up, other.up]);
    const { exited } = supervise([failing.child, other.child]);
    expect((await exited).code).toBe(3);
    expect(other.output()).toEqual(["up", "draining", "done"]);
  });

  it("kills a child that does not stop within the deadline, and says so in the exit code", async () => {
    const stuck = server(0, { ignoreTerm: true });
    const fine = server(10);
    await Promise.all([stuck.up, fine.up]);
    const { signals, exited } = supervise([stuck.child, fine.child], 300);
    signals.emit("SIGINT");
    expect((await exited).code).toBe(1);
    expect(stuck.child.signalCode).toBe("SIGKILL");
    expect(fine.child.signalCode).toBe("SIGINT");
  });
});

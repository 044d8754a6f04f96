// A dedicated API process (`npm run start:api`) on the test database, for tests that need a
// real second process: it listens on a free port and is found by the URL it prints.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export type ApiProcess = { child: ChildProcess; base: string; output(): string };

export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  let output = "";
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("scripts", "start-api.ts")], {
    env: { ...process.env, KEYDESK_API_PORT: "0", KEYDESK_API_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API process did not start:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`API process exited (${code}):\n${output}`)));
  });
  return { child, base, output: () => output };
}

// A real HTTP receiver on 127.0.0.1 for webhook tests: records every request (headers and raw
// body) and answers as the test says (a status, a hang, or closed entirely).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Received = { headers: IncomingHttpHeaders; body: string; at: number };
type ReceiverMode = { status: number } | "hang";

export type WebhookReceiver = {
  url: string;
  port: number;
  received: Received[];
  mode: ReceiverMode;
  /** Stops listening (connections are then refused) until start() again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(path = "/hook"): Promise<WebhookReceiver> {
  let server: Server | null = null;
  let port = 0;
  const receiver: WebhookReceiver = {
    url: "",
    port: 0,
    received: [],
    mode: { status: 200 },
    async start() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
          const mode = receiver.mode;
          if (mode === "hang") return; // never answers
          res.writeHead(mode.status, { "content-type": "text/plain" });
          res.end(mode.status < 300 ? "ok" : "not now");
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
      receiver.port = port;
      receiver.url = `http://127.0.0.1:${port}${path}`;
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async close() {
      await receiver.stop();
    },
  };
  await receiver.start();
  return receiver;
}

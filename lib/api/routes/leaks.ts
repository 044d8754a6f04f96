// POST /leaks – secret scanners report Keydesk keys found in public (GitHub's secret scanning
// partner program shape). No key needed; limited per address; signed reports only when
// KEYDESK_LEAK_REPORT_KEYS is set. The rules are in lib/keys/report-leaks.ts.
import { createRoute, z } from "@hono/zod-openapi";
import { MAX_LEAK_REPORTS, reportLeakedTokens } from "../../keys/report-leaks";
import { serverSecrets } from "../../server-secrets";
import { leakSignatureValid } from "../leak-signature";
import { bodyResponses, commonResponses, HEADERS, json, operation, problemReply, requestMeta } from "../operation";
import { problemResponse } from "../problem";
import { rateLimitHeaders } from "../rate-limits";
import { EXAMPLES } from "../schemas";

const MAX_BODY_BYTES = 256 * 1024;
/** Reports one address may send per minute (GitHub batches its findings). */
const REPORTS_PER_MINUTE = 60;

const LeakReportSchema = z
  .array(
    z.object({
      token: z.string({ error: "Each report needs the token found, as `token`." }).max(1024, "That is far longer than any API key."),
      type: z.string().max(200).default(""),
      url: z.string().max(4096).default(""),
      source: z.string().max(100).default(""),
    }),
    { error: "Send a JSON array of reports." },
  )
  .min(1, "Send at least one report.")
  .max(MAX_LEAK_REPORTS, `Send at most ${MAX_LEAK_REPORTS} reports per request.`)
  .openapi("LeakReports", {
    description: "Tokens found in public, as GitHub's secret scanning sends them.",
    example: [
      {
        token: EXAMPLES.token,
        type: "keydesk_api_key",
        url: "https://github.com/octocat/Hello-World/blob/12345600b9cbe38a219f39a9941c9319b600c002/foo/bar.txt",
        source: "content",
      },
    ],
  });

const LeakVerdictsSchema = z
  .array(
    z.object({
      token_hash: z.string().openapi({
        description: "SHA-256 of the reported token, hex.",
        example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      }),
      token_type: z.string().openapi({ example: "keydesk_api_key" }),
      label: z.enum(["true_positive", "false_positive"]).openapi({ example: "true_positive" }),
    }),
  )
  .openapi("LeakVerdicts", {
    description: "One verdict per report, in order: true_positive for a real Keydesk secret (now revoked), false_positive otherwise.",
  });

const reportLeaks = operation({
  apiSet: null,
  maxBodyBytes: MAX_BODY_BYTES,
  spec: createRoute({
    method: "post",
    path: "/leaks",
    operationId: "reportLeaks",
    tags: ["Leak reports"],
    summary: "Report leaked keys",
    description:
      `For secret scanners (GitHub's secret scanning partner program): up to ${MAX_LEAK_REPORTS} tokens found in public. ` +
      "Every token that is a real Keydesk secret is revoked immediately, with the reason `leaked` and the URL, and its owner is told; " +
      "the answer labels each token `true_positive` or `false_positive` in GitHub's feedback shape and says nothing else. " +
      `No key needed; at most ${REPORTS_PER_MINUTE} requests per minute from one address. When this Keydesk is configured ` +
      "with GitHub's public keys, only reports whose `Github-Public-Key-Signature` verifies are taken.",
    security: [],
    request: {
      headers: z.object({
        "github-public-key-identifier": z.string().optional().openapi({ description: "Which of GitHub's keys signed the body." }),
        "github-public-key-signature": z
          .string()
          .optional()
          .openapi({ description: "ECDSA P-256 SHA-256 signature of the raw body, base64 DER." }),
      }),
      body: { required: true, content: { "application/json": { schema: LeakReportSchema } } },
    },
    responses: {
      200: { description: "The verdicts.", headers: HEADERS.cacheControl, content: { "application/json": { schema: LeakVerdictsSchema } } },
      403: problemReply("Signed reports are required and this one's signature does not verify.", ["invalid_signature"]),
      429: problemReply("Too many reports from this address; see Retry-After.", ["rate_limited"], HEADERS.retryAfter),
      ...bodyResponses(),
      ...commonResponses(),
    },
  }),
  async handle(c, { body }, deps) {
    const ip = deps.clientIp(c);
    c.set("ip", ip);
    const limit = { requests: REPORTS_PER_MINUTE, windowSeconds: 60 };
    const state = await deps.rateLimits.consume("leaks", ip ?? "unknown", limit);
    if (!state.allowed) {
      return problemResponse("rate_limited", `Too many leak reports from your address. Try again in ${state.resetSeconds} seconds.`, {
        instance: c.req.path,
        base: deps.endpoint(c),
        retryAfterSeconds: state.resetSeconds,
        headers: rateLimitHeaders(state, "leaks"),
      });
    }
    if (deps.leakKeys) {
      const valid = await leakSignatureValid(
        deps.leakKeys,
        c.get("rawBody") ?? "",
        c.req.header("github-public-key-identifier"),
        c.req.header("github-public-key-signature"),
      );
      if (!valid) {
        return problemResponse("invalid_signature", "The report's signature does not verify with GitHub's secret scanning keys.", {
          instance: c.req.path,
          base: deps.endpoint(c),
        });
      }
    }
    const verdicts = await reportLeakedTokens(body, requestMeta(c), { pepper: serverSecrets().keyPepper });
    return json(verdicts);
  },
});

export const LEAK_OPERATIONS = [reportLeaks];

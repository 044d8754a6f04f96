// Leak reports (POST /api/v1/leaks, in the shape GitHub's secret scanning partner program
// sends): every reported token that is a genuine Keydesk secret is revoked at once with the
// reason "leaked" and where it was found, its owner is told (the banner on their keys page, an
// audit row, the api_key.leaked webhook event), and the reporter learns only whether each token
// was real: `true_positive` or `false_positive`, keyed by the token's SHA-256, never by the
// token itself nor by anything about the key.
//
// A report needs no account: holding the whole secret is what makes it count, and revoking a
// secret that someone other than its owner holds is always right. A token whose checksum fails
// (a typo, a scanner's false match) is refused before any lookup.
import { createHash } from "node:crypto";
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import { transaction } from "../db/client";
import { enqueueWebhookEvents, keyPayload } from "../webhooks/enqueue";
import { keyViewSelect, toKeyView } from "./key-view";
import { lockKeyOwner } from "./lock-owner";
import { parseToken, secretHashMatches } from "./token";

export type LeakReport = { token: string; type: string; url: string; source: string };
type LeakLabel = "true_positive" | "false_positive";
export type LeakVerdict = { token_hash: string; token_type: string; label: LeakLabel };

/** At most this many tokens per request (GitHub sends batches). */
export const MAX_LEAK_REPORTS = 100;

const URL_MAX = 2048;

/** Judges each reported token, revoking the genuine ones; one verdict per report, in order. */
export async function reportLeakedTokens(
  reports: readonly LeakReport[],
  meta: RequestMeta,
  options: { pepper: string; now?: Date },
): Promise<LeakVerdict[]> {
  const now = options.now ?? new Date();
  const verdicts: LeakVerdict[] = [];
  for (const report of reports) {
    const genuine = await revokeIfGenuine(report, meta, options.pepper, now);
    verdicts.push({
      token_hash: createHash("sha256").update(report.token).digest("hex"),
      token_type: report.type,
      label: genuine ? "true_positive" : "false_positive",
    });
  }
  return verdicts;
}

/** True when the token is a real key's secret (revoked now, or already revoked or expired). */
async function revokeIfGenuine(report: LeakReport, meta: RequestMeta, pepper: string, now: Date): Promise<boolean> {
  const parsed = parseToken(report.token);
  if (!parsed) return false;
  const url = report.url.slice(0, URL_MAX);
  return transaction(async (tx) => {
    const found = await tx.apiKey.findUnique({
      where: { clientId: parsed.clientId },
      select: { id: true, userId: true, secretHash: true },
    });
    if (!found || !secretHashMatches(found.secretHash, parsed.secret, pepper)) return false;
    await lockKeyOwner(tx, found.userId);
    const key = await tx.apiKey.findUniqueOrThrow({ where: { id: found.id }, select: keyViewSelect });
    // Already revoked (perhaps by an earlier report): still a real secret, nothing more to do.
    if (key.revokedAt) return true;
    const revoked = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: now, revokedReason: "leaked", revokedById: null, leakUrl: url },
      select: keyViewSelect,
    });
    await writeAudit(
      tx,
      {
        actorId: null,
        action: "key.leaked",
        targetUserId: key.userId,
        clientId: key.clientId,
        details: { name: key.name, url, source: report.source.slice(0, 64), type: report.type.slice(0, 64) },
      },
      meta,
    );
    const view = toKeyView(revoked, now);
    await enqueueWebhookEvents(
      tx,
      key.userId,
      "api_key.leaked",
      { key: keyPayload(view), url, source: report.source.slice(0, 64) },
      { now },
    );
    return true;
  });
}

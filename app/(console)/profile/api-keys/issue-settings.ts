// What the New API key dialog needs to open: the owner's quota, the expiry choices today's
// policy allows and the API set catalogue. Read for the API keys tab and for an administrator's
// own User account details, which opens the same dialog.
import "server-only";
import { API_SETS } from "@/lib/keys/api-sets";
import { addDays, defaultExpiryChoice, latestCustomDate, utcDate } from "@/lib/keys/expiry";
import { keyQuota } from "@/lib/keys/list-api-keys";
import { rateLimitPolicyOf } from "@/lib/keys/policy";
import { rateLimitPolicyHint } from "@/lib/keys/rate-limit";
import type { ApiSetOption } from "./_components/api-set-picker";
import type { ExpirySettings } from "./_components/issue-key-dialog";

export type IssueSettings = {
  quota: { active: number; max: number };
  expiry: ExpirySettings;
  apiSets: ApiSetOption[];
  rateLimitHint: string;
};

export async function issueSettings(ownerId: string, now = new Date()): Promise<IssueSettings> {
  const quota = await keyQuota(ownerId, now);
  return {
    quota: { active: quota.activeCount, max: quota.policy.maxActiveKeys },
    expiry: {
      defaultChoice: defaultExpiryChoice(quota.policy.defaultLifetimeDays, quota.policy.maxLifetimeDays),
      maxLifetimeDays: quota.policy.maxLifetimeDays,
      earliestDate: utcDate(addDays(now, 1)),
      latestDate: latestCustomDate(now, quota.policy.maxLifetimeDays),
    },
    apiSets: API_SETS.map((s) => ({ code: s.code, label: s.label, description: s.description })),
    rateLimitHint: rateLimitPolicyHint(rateLimitPolicyOf(quota.policy)),
  };
}

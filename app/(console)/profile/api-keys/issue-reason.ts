// Why the signed-in user cannot issue a key right now (shown beside the disabled button), or null.
export function issueBlockedReason(apiAccess: boolean, quota: { active: number; max: number }): string | null {
  if (!apiAccess) return "Turn on API access to issue keys.";
  if (quota.active >= quota.max) return `You have ${quota.active} active keys, the most allowed. Revoke a key to issue a new one.`;
  return null;
}

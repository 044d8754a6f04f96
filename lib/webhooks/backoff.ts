// When a failed delivery is tried again: 10 s after the first failure, doubling each time up to
// 30 minutes, each delay scaled by a random 50–100% so receivers coming back from an outage are
// not hit by every sender in the same second.
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 30 * 60 * 1000;

/** Delay before retry number `attempt` (1 = the first retry). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_MAX_MS);
  return Math.round(base * (0.5 + random() * 0.5));
}

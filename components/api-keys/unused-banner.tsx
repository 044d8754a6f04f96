// The API keys page's warning, under the inactive keys policy, of keys that will be revoked
// within a week for going unused (lib/keys/unused-keys.ts): one request with the key keeps it.
import { formatDateTime } from "@/components/format";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { UNUSED_WARNING_DAYS, unusedDeadline } from "@/lib/keys/unused-keys";

export function keysRevokedSoonForDisuse(keys: ApiKeyView[], days: number | null, now: Date): { key: ApiKeyView; deadline: Date }[] {
  if (days === null) return [];
  const until = now.getTime() + UNUSED_WARNING_DAYS * 24 * 60 * 60 * 1000;
  return keys
    .filter((k) => k.status === "active" && !k.replaced)
    .map((key) => ({ key, deadline: unusedDeadline(key, days) }))
    .filter((k) => k.deadline.getTime() <= until && k.deadline.getTime() < new Date(k.key.expiresAt).getTime())
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
}

export function UnusedBanner({ keys, days }: { keys: { key: ApiKeyView; deadline: Date }[]; days: number | null }) {
  if (keys.length === 0 || days === null) return null;
  return (
    <section aria-labelledby="unused-title" className="rounded-card border border-warning-800/30 bg-warning-50 p-4">
      <h2 id="unused-title" className="text-sm font-semibold text-ink">
        {keys.length === 1 ? "1 unused key will be revoked" : `${keys.length} unused keys will be revoked`} within {UNUSED_WARNING_DAYS}{" "}
        days
      </h2>
      <p className="mt-1 text-sm text-ink-soft">Keys unused for {days} days are revoked. A request with a key keeps it.</p>
      <ul className="mt-1 list-disc pl-5 text-sm text-ink-soft">
        {keys.map(({ key, deadline }) => (
          <li key={key.id}>
            “{key.name}” (<span className="font-mono text-xs">{key.clientId}</span>){" "}
            {key.lastUsedAt ? `was last used ${formatDateTime(key.lastUsedAt)}` : "has never been used"} and will be revoked{" "}
            {formatDateTime(deadline.toISOString())}.
          </li>
        ))}
      </ul>
    </section>
  );
}

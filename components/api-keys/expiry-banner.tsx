// The API keys page's notice of keys that expire within a week, so nobody learns of an expiry
// from a failing client.
import { formatDateTime } from "@/components/format";
import type { ApiKeyView } from "@/lib/keys/key-view";

const EXPIRY_BANNER_DAYS = 7;

export function keysExpiringSoon(keys: ApiKeyView[], now: Date, days = EXPIRY_BANNER_DAYS): ApiKeyView[] {
  const until = now.getTime() + days * 24 * 60 * 60 * 1000;
  return keys
    .filter((k) => k.status === "active" && !k.replaced && new Date(k.expiresAt).getTime() <= until)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

export function ExpiryBanner({ keys }: { keys: ApiKeyView[] }) {
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="expiring-title" className="rounded-card border border-warning-800/30 bg-warning-50 p-4">
      <h2 id="expiring-title" className="text-sm font-semibold text-ink">
        {keys.length === 1 ? "1 key expires" : `${keys.length} keys expire`} within {EXPIRY_BANNER_DAYS} days
      </h2>
      <ul className="mt-1 list-disc pl-5 text-sm text-ink-soft">
        {keys.map((k) => (
          <li key={k.id}>
            “{k.name}” (<span className="font-mono text-xs">{k.clientId}</span>) expires {formatDateTime(k.expiresAt)}. Regenerate it to
            keep its clients working.
          </li>
        ))}
      </ul>
    </section>
  );
}

// The API keys page's notice of keys revoked because a leak report found their secret in
// public (POST /api/v1/leaks), for 30 days after: where it was found, and what to do.
import { formatDateTime } from "@/components/format";
import type { ApiKeyView } from "@/lib/keys/key-view";

const LEAK_BANNER_DAYS = 30;

export function keysReportedLeaked(keys: ApiKeyView[], now: Date, days = LEAK_BANNER_DAYS): ApiKeyView[] {
  const since = now.getTime() - days * 24 * 60 * 60 * 1000;
  return keys
    .filter((k) => k.revokedReason === "leaked" && k.revokedAt !== null && new Date(k.revokedAt).getTime() >= since)
    .sort((a, b) => (b.revokedAt ?? "").localeCompare(a.revokedAt ?? ""));
}

export function LeakBanner({ keys }: { keys: ApiKeyView[] }) {
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="leaked-title" className="rounded-card border border-danger-700/30 bg-danger-50 p-4">
      <h2 id="leaked-title" className="text-sm font-semibold text-ink">
        {keys.length === 1 ? "1 key was reported as leaked and revoked" : `${keys.length} keys were reported as leaked and revoked`}
      </h2>
      <ul className="mt-1 list-disc pl-5 text-sm text-ink-soft">
        {keys.map((k) => (
          <li key={k.id}>
            “{k.name}” (<span className="font-mono text-xs">{k.clientId}</span>) was found in public
            {k.leakUrl ? (
              <>
                {" at "}
                <span className="break-all font-mono text-xs">{k.leakUrl}</span>
              </>
            ) : null}{" "}
            and revoked {k.revokedAt ? formatDateTime(k.revokedAt) : ""}. Remove the secret from there, then issue a new key for its
            clients.
          </li>
        ))}
      </ul>
    </section>
  );
}

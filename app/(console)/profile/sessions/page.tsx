import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listSessions } from "@/lib/auth/sessions";
import { SessionsList } from "./_components/sessions-list";

export const metadata: Metadata = { title: "Sessions" };

// GET /profile/sessions – the browsers signed in to this account, with Sign out on each.
export default async function SessionsPage() {
  const actor = await requireActor("/profile/sessions");
  const sessions = await listSessions(actor.id, actor.sessionId ?? null);
  return (
    <section aria-labelledby="sessions-title" className="space-y-3">
      <div>
        <h2 id="sessions-title" tabIndex={-1} className="text-base font-semibold focus:outline-none">
          Sessions
        </h2>
        <p className="text-sm text-ink-muted">
          The browsers signed in to your account. Signing one out ends it at once; a session unused for 12 hours ends by itself.
        </p>
      </div>
      <SessionsList
        sessions={sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))}
      />
    </section>
  );
}

"use client";
// User account details → Sessions: where the user is signed in, and Sign out everywhere, which
// ends every one of their sessions at once (they sign in again).
import { useState } from "react";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endUserSessionsAction } from "../../actions";

type Row = { browser: string; ip: string | null; lastSeenAt: string };

export function UserSessions({ user, sessions, canEnd }: { user: { id: string; name: string }; sessions: Row[]; canEnd: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState("");
  return (
    <section aria-labelledby="user-sessions-title" className="rounded-card border border-line-soft bg-surface p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="user-sessions-title" tabIndex={-1} className="text-lg font-semibold focus:outline-none">
            Sessions
          </h2>
          <p className="mt-1 text-sm text-ink-muted">
            {sessions.length === 0
              ? `${user.name} is not signed in anywhere.`
              : `${user.name} is signed in in ${sessions.length} ${sessions.length === 1 ? "browser" : "browsers"}.`}
          </p>
        </div>
        {canEnd ? (
          <Button variant="danger" onClick={() => setConfirming(true)} disabled={sessions.length === 0}>
            Sign out everywhere
          </Button>
        ) : null}
      </div>
      {sessions.length > 0 ? (
        <ul className="mt-3 space-y-1 text-sm">
          {sessions.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list has no other identity shown to administrators
            <li key={i}>
              {s.browser} · <span className="font-mono">{s.ip ?? "-"}</span> · last seen {formatDateTime(s.lastSeenAt)}
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status" className="mt-2 text-sm text-success-700">
        {status}
      </p>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Sign ${user.name} out everywhere?`}
        description={`Every session of ${user.name} ends at once; they must sign in again. Their password and API keys are not affected.`}
        variant="danger"
        confirmLabel="Sign out everywhere"
        busyLabel="Signing out…"
        run={() => endUserSessionsAction({ userId: user.id })}
        onDone={(r) => setStatus(`${r.ended} ${r.ended === 1 ? "session was" : "sessions were"} ended.`)}
        fallbackFocus={() => document.getElementById("user-sessions-title")}
      />
    </section>
  );
}

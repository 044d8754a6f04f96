"use client";
// The signed-in browsers of Profile → Sessions: browser, IP, created, last seen, this session
// marked; Sign out on each and Sign out of all other sessions (confirmed).
import { useState } from "react";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endOtherSessionsAction, endSessionAction } from "../actions";

type Row = { id: string; browser: string; ip: string | null; createdAt: string; lastSeenAt: string; current: boolean };

export function SessionsList({ sessions }: { sessions: Row[] }) {
  const [ending, setEnding] = useState<Row | null>(null);
  const [endingOthers, setEndingOthers] = useState(false);
  const [status, setStatus] = useState("");
  const others = sessions.filter((s) => !s.current).length;
  const focusTitle = () => document.getElementById("sessions-title");
  return (
    <>
      <div className="overflow-x-auto rounded-card border border-line-soft bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your sessions, most recently used first</caption>
          <thead className="border-b border-line-soft text-ink-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Browser
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                IP
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Created
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Last seen
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} className="border-b border-line-soft last:border-0">
                <td className="px-4 py-2">
                  {s.browser}
                  {s.current ? (
                    <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">This session</span>
                  ) : null}
                </td>
                <td className="px-4 py-2 font-mono">{s.ip ?? "-"}</td>
                <td className="px-4 py-2">{formatDateTime(s.createdAt)}</td>
                <td className="px-4 py-2">{formatDateTime(s.lastSeenAt)}</td>
                <td className="px-4 py-2 text-right">
                  <Button
                    size="sm"
                    variant="ghost-danger"
                    onClick={() => setEnding(s)}
                    aria-label={s.current ? "Sign out this session" : `Sign out ${s.browser} from ${s.ip ?? "an unknown address"}`}
                  >
                    Sign out
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => setEndingOthers(true)} disabled={others === 0}>
          Sign out of all other sessions
        </Button>
        <p role="status" className="text-sm text-success-700">
          {status}
        </p>
      </div>
      <ConfirmDialog
        open={ending !== null}
        onClose={() => setEnding(null)}
        title="Sign out this session?"
        description={
          ending?.current
            ? "This browser is signed out and goes to the sign-in page."
            : `${ending?.browser ?? "The browser"} (${ending?.ip ?? "unknown address"}) is signed out at its next request.`
        }
        variant="danger"
        confirmLabel="Sign out"
        busyLabel="Signing out…"
        run={() => endSessionAction({ sessionId: ending?.id ?? "" })}
        onDone={() => setStatus("The session was signed out.")}
        fallbackFocus={focusTitle}
      />
      <ConfirmDialog
        open={endingOthers}
        onClose={() => setEndingOthers(false)}
        title="Sign out of all other sessions?"
        description={`${others} other ${others === 1 ? "session is" : "sessions are"} signed out at once. This browser stays signed in.`}
        variant="danger"
        confirmLabel="Sign out others"
        busyLabel="Signing out…"
        run={() => endOtherSessionsAction({})}
        onDone={(r) => setStatus(`${r.ended} ${r.ended === 1 ? "session was" : "sessions were"} signed out.`)}
        fallbackFocus={focusTitle}
      />
    </>
  );
}

"use client";
import { useState } from "react";
import { IssueKeyDialog } from "@/app/(console)/profile/api-keys/_components/issue-key-dialog";
import { RevealDialog } from "@/app/(console)/profile/api-keys/_components/reveal-dialog";
import { issueBlockedReason } from "@/app/(console)/profile/api-keys/issue-reason";
import type { IssueSettings } from "@/app/(console)/profile/api-keys/issue-settings";
import { Button } from "@/components/ui/button";
// Seed 003's path: on your own User account details, Generate key opens the same New API key
// dialog as Profile → API keys and issues through the same action - for yourself only. It is
// never rendered on another user's page, and the server issues for the caller only.
import { announce } from "@/components/ui/toaster";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";

export function OwnKeyIssuer({ apiAccess, endpoint, settings }: { apiAccess: boolean; endpoint: string; settings: IssueSettings }) {
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const nextControl = () =>
    document.querySelector<HTMLElement>("#own-generate-key:not([disabled]), #user-keys button:not([disabled])") ??
    document.getElementById("user-keys-title");
  const blockedReason = issueBlockedReason(apiAccess, settings.quota);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        id="own-generate-key"
        variant="primary"
        disabled={blockedReason !== null}
        aria-describedby={blockedReason ? "own-generate-blocked" : undefined}
        onClick={() => setIssuing(true)}
      >
        Generate key
      </Button>
      {blockedReason ? (
        <p id="own-generate-blocked" className="max-w-xs text-right text-xs text-ink-muted">
          {blockedReason}
        </p>
      ) : null}
      <IssueKeyDialog
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(key) => {
          setIssuing(false);
          setIssued(key);
        }}
        apiSets={settings.apiSets}
        expiry={settings.expiry}
        rateLimitHint={settings.rateLimitHint}
      />
      {issued ? (
        <RevealDialog
          issued={issued}
          regenerated={false}
          endpoint={endpoint}
          onClose={() => {
            setIssued(null);
            announce(`API key “${issued.key.name}” is ready. Its secret is not shown again.`);
          }}
          fallbackFocus={nextControl}
        />
      ) : null}
    </div>
  );
}

"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Switch } from "@/components/ui/switch";
// The API access switch. Turning it off while keys are active asks first.
import { announce } from "@/components/ui/toaster";
import { setApiAccessAction } from "../actions";

export function ApiAccessCard({ enabled, activeKeys }: { enabled: boolean; activeKeys: number }) {
  const [confirmOff, setConfirmOff] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function apply(next: boolean) {
    setBusy(true);
    setError(undefined);
    const result = await setApiAccessAction({ enabled: next });
    setBusy(false);
    setConfirmOff(false);
    if (!result.ok) setError(result.message);
    else
      announce(next ? "API access turned on. Your active keys work again." : "API access turned off. None of your keys authenticate now.");
  }

  return (
    <section aria-labelledby="api-access-title" className="rounded-card border border-line-soft bg-surface p-5">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="api-access-title" className="text-base font-semibold">
            API access
          </h2>
          <p id="api-access-desc" className="mt-1 text-sm text-ink-muted">
            {enabled
              ? "On: your active keys can call the API."
              : "Off: none of your keys authenticate and you cannot issue keys. Turning access on again does not revive revoked keys."}
          </p>
        </div>
        <Switch
          label="API access"
          checked={enabled}
          disabled={busy}
          describedBy="api-access-desc"
          onChange={(next) => (next || activeKeys === 0 ? apply(next) : setConfirmOff(true))}
        />
      </div>
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {error}
      </div>
      <Dialog
        open={confirmOff}
        onClose={() => setConfirmOff(false)}
        title="Turn off API access?"
        description={`Your ${activeKeys} active ${activeKeys === 1 ? "key stops" : "keys stop"} working until you turn access on again. Nothing is revoked.`}
      >
        <DialogActions>
          <Button onClick={() => setConfirmOff(false)}>Cancel</Button>
          <Button variant="danger" disabled={busy} onClick={() => apply(false)}>
            Turn off
          </Button>
        </DialogActions>
      </Dialog>
    </section>
  );
}

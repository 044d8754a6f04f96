"use client";
// Shows a new secret key exactly once (the shared one-time reveal), then what it belongs to: the
// client ID, the endpoint and a .APIKEY file to download.
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { SecretRevealDialog } from "@/components/ui/secret-reveal-dialog";
import { useAbsoluteEndpoint } from "@/components/use-absolute-endpoint";
import { apiKeyFileContent, apiKeyFileName } from "@/lib/keys/apikey-file";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";

type Props = {
  issued: IssuedApiKey;
  endpoint: string;
  regenerated: boolean;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null;
};

export function RevealDialog({ issued, endpoint: configured, regenerated, onClose, fallbackFocus }: Props) {
  const { key, token } = issued;
  const endpoint = useAbsoluteEndpoint(configured);

  function download() {
    const text = apiKeyFileContent({
      endpoint,
      clientId: key.clientId,
      token,
      name: key.name,
      apiSets: key.apiSets,
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
    });
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = apiKeyFileName(key.name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <SecretRevealDialog
      title={regenerated ? "Your regenerated API key" : "Your new API key"}
      label="Secret key"
      secret={token}
      onClose={onClose}
      fallbackFocus={fallbackFocus}
      description={
        <>
          <strong className="font-semibold text-ink">This secret key will never be shown again.</strong> Keydesk keeps only a hash of it.
          Copy it or download it now and store it somewhere safe, such as a password manager.
        </>
      }
    >
      <CopyField label="Client ID" value={key.clientId} size="xs" emphasis={false} />
      <CopyField label="API endpoint" value={endpoint} size="xs" emphasis={false} />
      <p className="text-xs text-ink-muted">
        “{key.name}” · expires {formatDateTime(key.expiresAt)}. Send the secret key as{" "}
        <code className="font-mono">Authorization: Bearer &lt;secret key&gt;</code>.
      </p>
      <div>
        <Button onClick={download}>Download .APIKEY</Button>
      </div>
    </SecretRevealDialog>
  );
}

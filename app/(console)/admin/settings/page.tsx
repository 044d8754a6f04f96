import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { getKeyPolicy } from "@/lib/keys/policy";
import { PolicyForm } from "./_components/policy-form";

export const metadata: Metadata = { title: "Settings" };

// GET /admin/settings – the key policy: active keys per user, maximum and default lifetime.
export default async function SettingsPage() {
  await requirePageAuthority("/admin/settings", ["settings:manage"]);
  const policy = await getKeyPolicy(db);
  return (
    <div>
      <PageHeader
        title="Settings"
        description="The key policy. Changes apply to keys issued from now on; existing keys keep their expiry."
      />
      <PolicyForm policy={policy} />
    </div>
  );
}

import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { getPolicy } from "@/lib/keys/policy";
import { PolicyForm } from "./_components/policy-form";

export const metadata: Metadata = { title: "Settings" };

// GET /admin/settings – the policy: active keys per user, maximum and default lifetime, webhooks per user.
export default async function SettingsPage() {
  await requirePageAuthority("/admin/settings", ["settings:manage"]);
  const policy = await getPolicy(db);
  return (
    <div>
      <PageHeader
        title="Settings"
        description="The policy. Changes apply to keys issued and webhooks added from now on; existing keys keep their expiry and nothing is deleted."
      />
      <PolicyForm policy={policy} />
    </div>
  );
}

"use server";
// Server action of /admin/settings: the policy (keys and webhooks).
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/action";
import { policySchema } from "@/lib/settings/schemas";
import { updateKeyPolicy } from "@/lib/settings/update-policy";

// POST – change the policy (applies to keys issued and webhooks added from now on).
export const updateKeyPolicyAction = authedAction(
  { name: "updateKeyPolicy", schema: policySchema, authority: "settings:manage" },
  async (input, { actor, meta }) => {
    const result = await updateKeyPolicy(actor, input, meta);
    revalidatePath("/admin/settings");
    revalidatePath("/profile/api-keys");
    revalidatePath("/profile/webhooks");
    return result;
  },
);

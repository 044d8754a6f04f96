"use server";
// Server action of /admin/settings: the key policy.
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/action";
import { policySchema } from "@/lib/settings/schemas";
import { updateKeyPolicy } from "@/lib/settings/update-policy";

// POST – change the key policy (applies to keys issued from now on).
export const updateKeyPolicyAction = authedAction(
  { name: "updateKeyPolicy", schema: policySchema, authority: "settings:manage" },
  async (input, { actor, meta }) => {
    const result = await updateKeyPolicy(actor, input, meta);
    revalidatePath("/admin/settings");
    revalidatePath("/profile/api-keys");
    return result;
  },
);

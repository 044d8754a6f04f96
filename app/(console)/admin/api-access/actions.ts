"use server";
// Server actions of API management (also used on a user's account page).
import { revalidatePath } from "next/cache";
import { clearApiKeys } from "@/lib/admin/clear-api-keys";
import { clearApiKeysSchema } from "@/lib/admin/schemas";
import { authedAction } from "@/lib/auth/action";

// POST – revoke every key of a user and turn their API access off, in one transaction.
export const clearApiKeysAction = authedAction(
  { name: "clearApiKeys", schema: clearApiKeysSchema, authority: "keys:manage" },
  async (input, { actor, meta }) => {
    const result = await clearApiKeys(actor, input, meta);
    revalidatePath("/admin", "layout");
    return result;
  },
);

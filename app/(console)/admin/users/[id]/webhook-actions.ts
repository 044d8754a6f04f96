"use server";
// POST – an administrator (Manage user API keys) switches one of a user's webhooks Off from User
// account details. Through authedAction; lib/webhooks checks the webhook belongs to that user.
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/action";
import { adminDisableWebhookSchema } from "@/lib/webhooks/schemas";
import { adminDisableWebhook } from "@/lib/webhooks/subscriptions";

export const adminDisableWebhookAction = authedAction(
  { name: "adminDisableWebhook", schema: adminDisableWebhookSchema, authority: "keys:manage" },
  async (input, { actor, meta }) => {
    const webhook = await adminDisableWebhook(actor, input, meta);
    revalidatePath("/admin", "layout");
    return webhook;
  },
);

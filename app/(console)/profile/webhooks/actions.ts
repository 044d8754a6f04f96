"use server";
// Server actions of the Webhooks tab. Each runs through authedAction (session, authority, zod)
// and calls the one implementation in lib/webhooks, which scopes every change to the caller's
// own subscriptions. The signing secret appears only in the return value of create and rotate.
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/action";
import { createWebhookSchema, redeliverSchema, setWebhookEnabledSchema, webhookRefSchema } from "@/lib/webhooks/schemas";
import {
  createWebhook,
  deleteWebhook,
  redeliverEvent,
  rotateWebhookSecret,
  sendTestEvent,
  setWebhookEnabled,
} from "@/lib/webhooks/subscriptions";

const PAGE = "/profile/webhooks";

// POST – add a webhook for the signed-in user; returns its signing secret once.
export const createWebhookAction = authedAction(
  { name: "createWebhook", schema: createWebhookSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const created = await createWebhook(actor, input, meta);
    revalidatePath(PAGE);
    return created;
  },
);

// POST – switch one of the user's webhooks On or Off.
export const setWebhookEnabledAction = authedAction(
  { name: "setWebhookEnabled", schema: setWebhookEnabledSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const webhook = await setWebhookEnabled(actor, input.id, input.enabled, meta);
    revalidatePath(PAGE);
    return webhook;
  },
);

// POST – a new signing secret, returned once; the old one signs beside it for 24 hours.
export const rotateWebhookSecretAction = authedAction(
  { name: "rotateWebhookSecret", schema: webhookRefSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const rotated = await rotateWebhookSecret(actor, input.id, meta);
    revalidatePath(PAGE);
    return rotated;
  },
);

// POST – delete one of the user's webhooks and its queued events.
export const deleteWebhookAction = authedAction(
  { name: "deleteWebhook", schema: webhookRefSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    await deleteWebhook(actor, input.id, meta);
    revalidatePath(PAGE);
    return { deleted: true };
  },
);

// POST – queue a webhook.test event for one webhook.
export const sendTestEventAction = authedAction(
  { name: "sendTestEvent", schema: webhookRefSchema, authority: "keys:use" },
  async (input, { actor }) => {
    const queued = await sendTestEvent(actor, input.id);
    revalidatePath(PAGE);
    return queued;
  },
);

// POST – send a delivered (or given-up) event again.
export const redeliverAction = authedAction(
  { name: "redeliver", schema: redeliverSchema, authority: "keys:use" },
  async (input, { actor }) => {
    const queued = await redeliverEvent(actor, input.id, input.eventId);
    revalidatePath(PAGE);
    return queued;
  },
);

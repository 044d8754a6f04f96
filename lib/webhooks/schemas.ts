// One zod schema per webhook form, shared by the console (react-hook-form), the server actions
// and the API handlers, which always parse again.
import { z } from "zod";
import { refineSafeText } from "../text";
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events";

export const WEBHOOK_URL_MAX = 2048;
export const WEBHOOK_DESCRIPTION_MAX = 280;
const EXPIRING_DAYS_MAX = 90;

const webhookUrlSchema = z
  .string({ error: "Enter the URL." })
  .trim()
  .min(1, "Enter the URL.")
  .max(WEBHOOK_URL_MAX, `Use a URL of at most ${WEBHOOK_URL_MAX} characters.`);

const webhookEventsSchema = z
  .array(z.string(), { error: "Choose at least one operation type." })
  .min(1, "Choose at least one operation type.")
  .max(WEBHOOK_EVENT_TYPES.length * 2, "Too many event types.")
  .superRefine((types, ctx) => {
    const unknown = types.filter((t) => !isWebhookEventType(t));
    if (unknown.length > 0) {
      ctx.addIssue({ code: "custom", message: `Unknown event type: ${unknown.slice(0, 3).join(", ").slice(0, 80)}.` });
    }
  })
  .transform((types) => [...new Set(types)] as WebhookEventType[]);

const webhookDescriptionSchema = z
  .string({ error: "Enter text." })
  .trim()
  .max(WEBHOOK_DESCRIPTION_MAX, `Use at most ${WEBHOOK_DESCRIPTION_MAX} characters.`)
  .superRefine(refineSafeText({ multiline: true }));

const expiringDaysSchema = z.coerce
  .number({ error: "Enter a number of days." })
  .int("Enter a whole number of days.")
  .min(1, "Enter at least 1 day.")
  .max(EXPIRING_DAYS_MAX, `Enter at most ${EXPIRING_DAYS_MAX} days.`);

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  description: webhookDescriptionSchema.default(""),
  events: webhookEventsSchema,
  expiringDays: expiringDaysSchema.default(7),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;
export type CreateWebhookForm = z.input<typeof createWebhookSchema>;

// Ids are letters, digits, "_" and "-"; anything else is refused before any query.
const ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;
const webhookIdSchema = z
  .string({ error: "Choose a webhook." })
  .min(1, "Choose a webhook.")
  .max(64, "Unknown webhook.")
  .regex(ID_CHARACTERS, "Unknown webhook.");

export const updateWebhookSchema = z.object({
  url: webhookUrlSchema.optional(),
  description: webhookDescriptionSchema.optional(),
  events: webhookEventsSchema.optional(),
  expiringDays: expiringDaysSchema.optional(),
  enabled: z.boolean({ error: "Choose on or off." }).optional(),
});
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const webhookRefSchema = z.object({ id: webhookIdSchema });
export const setWebhookEnabledSchema = z.object({ id: webhookIdSchema, enabled: z.boolean({ error: "Choose on or off." }) });
export const redeliverSchema = z.object({
  id: webhookIdSchema,
  eventId: z
    .string({ error: "Choose a delivery." })
    .min(1, "Choose a delivery.")
    .max(64, "Unknown delivery.")
    .regex(ID_CHARACTERS, "Unknown delivery."),
});
export const adminDisableWebhookSchema = z.object({
  userId: z.string().min(1).max(64).regex(ID_CHARACTERS, "Unknown user."),
  id: webhookIdSchema,
});

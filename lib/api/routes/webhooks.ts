// /webhooks – the key owner's webhook subscriptions: list, create (the signing secret is in the
// 201 response, once), get, update, delete, rotate the secret, the delivery log, redeliver, and
// send a test event. Each operation declares its route, API set and handler (lib/api/operation.ts);
// business rules (ownership, the limit, the URL policy) live in lib/webhooks.
import { createRoute, z } from "@hono/zod-openapi";
import { KeydeskError, notFound } from "../../errors";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "../../webhooks/events";
import { createWebhookSchema, updateWebhookSchema } from "../../webhooks/schemas";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveryAttempts,
  listWebhooks,
  redeliverEvent,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
  type WebhookView,
} from "../../webhooks/subscriptions";
import {
  authResponses,
  bodyResponses,
  commonResponses,
  conflictResponse,
  HEADERS,
  invalidParamResponse,
  json,
  jsonReply,
  NO_STORE,
  notFoundResponse,
  operation,
  ownerActor,
  requestMeta,
} from "../operation";
import { newResponse } from "../response";

const EXAMPLE_ID = "cmi9w3h1k0001qz8h5n2c7r4b";
const EXAMPLE_URL = "https://hooks.example.com/keydesk";
const NO_SUCH_WEBHOOK = "You have no webhook with this id.";
const TAGS = ["Webhooks"];

const EventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).openapi("WebhookEventType", { example: "api_key.revoked" });

const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_ID }),
    url: z.string().openapi({ example: EXAMPLE_URL }),
    description: z.string().openapi({ example: "Deployment bot" }),
    events: z.array(EventTypeSchema).openapi({ example: ["api_key.revoked", "api_key.expiring"] }),
    enabled: z.boolean().openapi({ example: true }),
    disabledReason: z
      .enum(["user", "administrator", "failing"])
      .nullable()
      .openapi({ description: "Why it is off: you, an administrator, or 24 hours of failed deliveries.", example: null }),
    disabledAt: z.string().nullable().openapi({ format: "date-time", example: null }),
    expiringDays: z.number().int().openapi({ description: "Days before a key's expiry that api_key.expiring fires.", example: 7 }),
    createdAt: z.string().openapi({ format: "date-time", example: "2026-12-01T09:30:00.000Z" }),
    previousSecretUntil: z
      .string()
      .nullable()
      .openapi({ format: "date-time", description: "After a rotation, the old secret also signs until then.", example: null }),
    lastDelivery: z
      .object({ at: z.string().openapi({ format: "date-time" }), status: z.number().int().nullable() })
      .nullable()
      .openapi({ example: { at: "2026-12-01T10:02:11.000Z", status: 200 } }),
    pending: z.number().int().openapi({ description: "Events waiting to be delivered.", example: 0 }),
  })
  .openapi("Webhook");

// The request bodies are the console form's schemas (lib/webhooks/schemas.ts), their events
// documented as the WebhookEventType enum (zod's own .meta(): those schemas are made without
// the OpenAPI extension).
const EVENTS_AS_ENUM = { items: { $ref: "#/components/schemas/WebhookEventType" } };
const CreateWebhookRequestSchema = createWebhookSchema.extend({ events: createWebhookSchema.shape.events.meta(EVENTS_AS_ENUM) });
const UpdateWebhookRequestSchema = updateWebhookSchema.extend({
  events: updateWebhookSchema.shape.events.unwrap().meta(EVENTS_AS_ENUM).optional(),
});

const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) }).openapi("WebhookList");

const WebhookWithSecretSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().openapi({
      description: "The signing secret (Standard Webhooks). Shown only in this response.",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
  })
  .openapi("WebhookWithSecret");

const DeliverySchema = z
  .object({
    id: z.string(),
    at: z.string().openapi({ format: "date-time" }),
    eventId: z.string().openapi({ description: "The webhook-id header is `msg_` + this." }),
    eventType: z.string().openapi({ example: "api_key.revoked" }),
    sequence: z.number().int().openapi({ example: 12 }),
    status: z.number().int().nullable().openapi({ description: "HTTP status, null when no response came.", example: 200 }),
    durationMs: z.number().int().openapi({ example: 48 }),
    error: z.string().nullable().openapi({ example: null }),
    response: z.string().openapi({ description: "The first 1 KB of the response body.", example: "ok" }),
    eventState: z.enum(["delivered", "failed", "pending"]),
  })
  .openapi("WebhookDelivery");

const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) }).openapi("WebhookDeliveryList");
const QueuedSchema = z.object({ eventId: z.string(), sequence: z.number().int() }).openapi("WebhookQueued");
/** Webhook ids are cuids and event ids may carry their `msg_` prefix: nothing else reaches a query. */
const ID_PATTERN = /^[0-9A-Za-z_]+$/;
const idParam = (what: string) => z.string().min(1).max(64).regex(ID_PATTERN, `${what} is letters, digits and underscores.`);
const IdParamSchema = z.object({
  id: idParam("A webhook ID").openapi({ param: { name: "id", in: "path" }, example: EXAMPLE_ID }),
});
const EventParamSchema = IdParamSchema.extend({
  eventId: idParam("An event ID").openapi({ param: { name: "eventId", in: "path" } }),
});

function toBody(view: WebhookView) {
  const { disabledBy: _shownInConsole, entities: _derived, ...rest } = view;
  return rest;
}

const BAD_ID = invalidParamResponse("The id is malformed.");

const listWebhooksOp = operation({
  apiSet: "webhooks:read",
  spec: createRoute({
    method: "get",
    path: "/webhooks",
    operationId: "listWebhooks",
    tags: TAGS,
    summary: "List your webhooks",
    description: "Every webhook of the key's owner, oldest first, with status and last delivery. Secrets are never returned.",
    responses: { 200: jsonReply("The webhooks.", WebhookListSchema), ...authResponses(), ...commonResponses() },
  }),
  async handle(c) {
    const webhooks = await listWebhooks(c.get("auth").owner.id);
    return json({ webhooks: webhooks.map(toBody) });
  },
});

const createWebhookOp = operation({
  apiSet: "webhooks:write",
  spec: createRoute({
    method: "post",
    path: "/webhooks",
    operationId: "createWebhook",
    tags: TAGS,
    summary: "Add a webhook",
    description:
      "Keydesk POSTs the chosen events to `url`, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, " +
      "`webhook-signature`). The URL must be https and must not resolve to a private, loopback or link-local address. At most " +
      "the policy's number of webhooks per user (10 by default). The response is the only place the signing secret appears.",
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: CreateWebhookRequestSchema,
            example: { url: EXAMPLE_URL, events: ["api_key.revoked", "api_key.expiring"], description: "Deployment bot", expiringDays: 7 },
          },
        },
      },
    },
    responses: {
      201: jsonReply("The webhook and its signing secret, shown this once.", WebhookWithSecretSchema, HEADERS.location),
      ...authResponses(),
      ...bodyResponses(),
      ...conflictResponse("You already have the most webhooks allowed.", ["conflict"]),
      ...commonResponses(),
    },
  }),
  async handle(c, { body }, deps) {
    const created = await createWebhook(await ownerActor(c), body, requestMeta(c));
    return json({ webhook: toBody(created.webhook), secret: created.secret }, 201, {
      ...NO_STORE,
      Location: `${deps.endpoint(c)}/webhooks/${created.webhook.id}`,
    });
  },
});

const getWebhookOp = operation({
  apiSet: "webhooks:read",
  spec: createRoute({
    method: "get",
    path: "/webhooks/{id}",
    operationId: "getWebhook",
    tags: TAGS,
    summary: "Get one of your webhooks",
    request: { params: IdParamSchema },
    responses: {
      200: jsonReply("The webhook.", WebhookSchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_WEBHOOK),
      ...BAD_ID,
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    const webhook = await getWebhook(c.get("auth").owner.id, params.id);
    if (!webhook) throw notFound("The webhook");
    return json(toBody(webhook));
  },
});

const updateWebhookOp = operation({
  apiSet: "webhooks:write",
  spec: createRoute({
    method: "patch",
    path: "/webhooks/{id}",
    operationId: "updateWebhook",
    tags: TAGS,
    summary: "Change one of your webhooks",
    description: "Change its URL, events, description or expiry notice, or switch it on or off (`enabled`).",
    request: {
      params: IdParamSchema,
      body: { required: true, content: { "application/json": { schema: UpdateWebhookRequestSchema, example: { enabled: false } } } },
    },
    responses: {
      200: jsonReply("The changed webhook.", WebhookSchema),
      ...authResponses(),
      ...bodyResponses(),
      ...notFoundResponse(NO_SUCH_WEBHOOK),
      ...commonResponses(),
    },
  }),
  async handle(c, { params, body }) {
    if (Object.values(body).every((v) => v === undefined)) {
      throw new KeydeskError("validation_failed", "Send at least one of url, events, description, expiringDays, enabled.");
    }
    const webhook = await updateWebhook(await ownerActor(c), params.id, body, requestMeta(c));
    return json(toBody(webhook));
  },
});

const deleteWebhookOp = operation({
  apiSet: "webhooks:write",
  spec: createRoute({
    method: "delete",
    path: "/webhooks/{id}",
    operationId: "deleteWebhook",
    tags: TAGS,
    summary: "Delete one of your webhooks",
    description: "Its queued events and delivery log go with it.",
    request: { params: IdParamSchema },
    responses: {
      204: { description: "Deleted." },
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_WEBHOOK),
      ...BAD_ID,
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    await deleteWebhook(await ownerActor(c), params.id, requestMeta(c));
    return newResponse(null, { status: 204 });
  },
});

const rotateSecretOp = operation({
  apiSet: "webhooks:write",
  spec: createRoute({
    method: "post",
    path: "/webhooks/{id}/rotate-secret",
    operationId: "rotateWebhookSecret",
    tags: TAGS,
    summary: "Rotate a webhook's signing secret",
    description: "A new secret, in this response only. The previous one keeps signing beside it (a second signature) for 24 hours.",
    request: { params: IdParamSchema },
    responses: {
      200: jsonReply("The webhook and its new secret.", WebhookWithSecretSchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_WEBHOOK),
      ...BAD_ID,
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    const rotated = await rotateWebhookSecret(await ownerActor(c), params.id, requestMeta(c));
    return json({ webhook: toBody(rotated.webhook), secret: rotated.secret });
  },
});

const listDeliveriesOp = operation({
  apiSet: "webhooks:read",
  spec: createRoute({
    method: "get",
    path: "/webhooks/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    tags: TAGS,
    summary: "A webhook's delivery log",
    description: "The last 50 attempts, newest first: time, status, duration, error and the first 1 KB of the response.",
    request: { params: IdParamSchema },
    responses: {
      200: jsonReply("The attempts.", DeliveryListSchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_WEBHOOK),
      ...BAD_ID,
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    const deliveries = await listDeliveryAttempts(c.get("auth").owner.id, params.id);
    if (!deliveries) throw notFound("The webhook");
    return json({ deliveries });
  },
});

const redeliverOp = operation({
  apiSet: "webhooks:write",
  spec: createRoute({
    method: "post",
    path: "/webhooks/{id}/deliveries/{eventId}/redeliver",
    operationId: "redeliverWebhookEvent",
    tags: TAGS,
    summary: "Send an event again",
    description: "Queues a delivered (or given-up) event again, with the same webhook-id, in its place in the sequence.",
    request: { params: EventParamSchema },
    responses: {
      202: jsonReply("Queued.", QueuedSchema),
      ...authResponses(),
      ...notFoundResponse("No such webhook or event."),
      ...conflictResponse("The event is still queued.", ["conflict"]),
      ...BAD_ID,
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    return json(await redeliverEvent(await ownerActor(c), params.id, params.eventId), 202);
  },
});

const sendTestOp = operation({
  apiSet: "webhooks:write",
  spec: createRoute({
    method: "post",
    path: "/webhooks/{id}/test",
    operationId: "sendWebhookTestEvent",
    tags: TAGS,
    summary: "Send a test event",
    description: `Queues a \`${TEST_EVENT_TYPE}\` event for this webhook, signed and logged like any other.`,
    request: { params: IdParamSchema },
    responses: {
      202: jsonReply("Queued.", QueuedSchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_WEBHOOK),
      ...conflictResponse("The webhook is off.", ["conflict"]),
      ...BAD_ID,
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    return json(await sendTestEvent(await ownerActor(c), params.id), 202);
  },
});

export const WEBHOOK_OPERATIONS = [
  listWebhooksOp,
  createWebhookOp,
  getWebhookOp,
  updateWebhookOp,
  deleteWebhookOp,
  rotateSecretOp,
  listDeliveriesOp,
  redeliverOp,
  sendTestOp,
];

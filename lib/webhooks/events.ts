// The events a webhook can subscribe to. Codes are what the API, the payloads and the database
// speak; people see the entity and operation labels (the console's "Entity" and "Operation type").

export const WEBHOOK_EVENTS = [
  { type: "api_key.created", entity: "api_key", operation: "Created" },
  { type: "api_key.regenerated", entity: "api_key", operation: "Regenerated" },
  { type: "api_key.revoked", entity: "api_key", operation: "Revoked" },
  { type: "api_key.deactivated", entity: "api_key", operation: "Deactivated" },
  { type: "api_key.activated", entity: "api_key", operation: "Activated" },
  { type: "api_key.updated", entity: "api_key", operation: "Edited" },
  { type: "api_key.leaked", entity: "api_key", operation: "Reported as leaked" },
  { type: "api_key.expiring", entity: "api_key", operation: "Expiring" },
  { type: "api_key.expired", entity: "api_key", operation: "Expired" },
  { type: "api_access.enabled", entity: "api_access", operation: "Enabled" },
  { type: "api_access.disabled", entity: "api_access", operation: "Disabled" },
  { type: "api_access.cleared", entity: "api_access", operation: "Cleared by an administrator" },
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]["type"];
export type WebhookEntity = (typeof WEBHOOK_EVENTS)[number]["entity"];

/** Sent by "Send test event"; never subscribed to, always delivered to the one subscription. */
export const TEST_EVENT_TYPE = "webhook.test";

export const WEBHOOK_EVENT_TYPES = WEBHOOK_EVENTS.map((e) => e.type) as [WebhookEventType, ...WebhookEventType[]];

export const ENTITY_LABELS: Record<WebhookEntity, string> = { api_key: "API key", api_access: "API access" };

const ORDER = new Map<string, number>(WEBHOOK_EVENT_TYPES.map((t, i) => [t, i]));
const BY_TYPE = new Map<string, (typeof WEBHOOK_EVENTS)[number]>(WEBHOOK_EVENTS.map((e) => [e.type, e]));

export function isWebhookEventType(value: string): value is WebhookEventType {
  return ORDER.has(value);
}

/** Canonical stored form: known types, de-duplicated, in catalogue order, space-separated. */
export function serializeEvents(types: readonly WebhookEventType[]): string {
  return [...new Set(types)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0)).join(" ");
}

export function parseEvents(stored: string): WebhookEventType[] {
  return stored.split(" ").filter(isWebhookEventType);
}

/** The entities a set of event types covers, in catalogue order ("API key", "API access"). */
export function entitiesOf(types: readonly WebhookEventType[]): WebhookEntity[] {
  return [...new Set(types.flatMap((t) => BY_TYPE.get(t)?.entity ?? []))];
}

function operationLabel(type: WebhookEventType): string {
  return BY_TYPE.get(type)?.operation ?? type;
}

export function eventLabel(type: string): string {
  const event = BY_TYPE.get(type);
  if (!event) return type === TEST_EVENT_TYPE ? "Test event" : type;
  return `${ENTITY_LABELS[event.entity]} ${event.operation.toLowerCase()}`;
}

/** "Created, Revoked" for one entity; "API key: Created; API access: Enabled" across both. */
export function operationsText(types: readonly WebhookEventType[]): string {
  const entities = entitiesOf(types);
  const ops = (entity: WebhookEntity) =>
    types
      .filter((t) => BY_TYPE.get(t)?.entity === entity)
      .map(operationLabel)
      .join(", ");
  if (entities.length === 1 && entities[0]) return ops(entities[0]);
  return entities.map((e) => `${ENTITY_LABELS[e]}: ${ops(e)}`).join("; ");
}

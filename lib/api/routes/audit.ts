// GET /audit – what was recorded about the key owner's account (as on Profile → Activity),
// newest first, a page at a time by cursor, filtered by action and UTC days (lib/audit).
import { createRoute } from "@hono/zod-openapi";
import { listOwnAuditEventsAfter } from "../../audit/list-audit";
import { decodeCursor, encodeCursor } from "../../pagination";
import { authResponses, commonResponses, json, jsonReply, operation, queryResponses } from "../operation";
import { AuditEventListSchema, AuditQuerySchema } from "../schemas";

const listAuditEvents = operation({
  apiSet: "audit:read",
  spec: createRoute({
    method: "get",
    path: "/audit",
    operationId: "listAuditEvents",
    tags: ["Audit"],
    summary: "Your account's audit events",
    description:
      "Everything recorded about the key owner's account (sign-ins, keys, webhooks, what administrators changed), newest first. " +
      "Page on with `nextCursor`: each page continues after the last event of the one before, so events recorded meanwhile " +
      "neither shift nor repeat a page. Where someone else acted, only their name is given. Events never contain secrets.",
    request: { query: AuditQuerySchema },
    responses: {
      200: jsonReply("A page of events.", AuditEventListSchema),
      ...authResponses(),
      ...queryResponses("A filter, the limit or the cursor is invalid (errors names it)."),
      ...commonResponses(),
    },
  }),
  async handle(c, { query }) {
    const { action, from, to, cursor, limit } = query;
    const after = cursor === undefined ? undefined : (decodeCursor(cursor) ?? undefined);
    const page = await listOwnAuditEventsAfter(c.get("auth").owner.id, { action, from, to, after, limit });
    return json({
      events: page.rows.map((row) => ({
        id: row.id,
        at: row.at,
        action: row.action,
        actionLabel: row.actionLabel,
        actor: row.actor ? { id: row.actor.id, name: row.actor.name } : null,
        clientId: row.clientId,
        ip: row.ip,
        userAgent: row.userAgent,
        summary: row.summary,
      })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    });
  },
});

export const AUDIT_OPERATIONS = [listAuditEvents];

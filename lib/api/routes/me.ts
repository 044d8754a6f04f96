// GET /me: who the key belongs to.
import { createRoute } from "@hono/zod-openapi";
import { authResponses, commonResponses, json, jsonReply, operation } from "../operation";
import { MeSchema } from "../schemas";

const getMe = operation({
  apiSet: "profile:read",
  spec: createRoute({
    method: "get",
    path: "/me",
    operationId: "getMe",
    tags: ["Account"],
    summary: "Who the key belongs to",
    description: "Returns the key's owner and the key itself (never its secret).",
    responses: { 200: jsonReply("The owner and the key.", MeSchema), ...authResponses(), ...commonResponses() },
  }),
  handle(c) {
    const { owner, clientId, name, apiSets, expiresAt } = c.get("auth");
    return json({
      user: { id: owner.id, name: owner.name, email: owner.email },
      key: { clientId, name, apiSets: [...apiSets], expiresAt: new Date(expiresAt).toISOString() },
    });
  },
});

export const ME_OPERATIONS = [getMe];

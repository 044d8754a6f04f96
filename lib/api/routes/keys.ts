// /keys: the calling key's owner's API keys, under the console's rules (lib/keys).
import { createRoute } from "@hono/zod-openapi";
import { editApiKey } from "../../keys/edit-api-key";
import { issueApiKey } from "../../keys/issue-api-key";
import { keyUsageDetail } from "../../keys/key-usage";
import { findOwnKey, listApiKeys } from "../../keys/list-api-keys";
import { revokeApiKey } from "../../keys/revoke-api-key";
import { activateApiKey, deactivateApiKey } from "../../keys/set-key-active";
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
  queryResponses,
  requestMeta,
} from "../operation";
import { ProblemError } from "../problem";
import {
  ApiKeySchema,
  ClientIdParamSchema,
  EDIT_KEY_REQUEST_DOC,
  EditKeyRequestSchema,
  ISSUE_KEY_REQUEST_DOC,
  IssuedKeySchema,
  IssueKeyRequestSchema,
  KeyListSchema,
  KeyUsageQuerySchema,
  KeyUsageSchema,
  toApiKey,
} from "../schemas";

const NO_SUCH_KEY = "You have no key with this client ID.";

const listKeys = operation({
  apiSet: "keys:read",
  spec: createRoute({
    method: "get",
    path: "/keys",
    operationId: "listKeys",
    tags: ["Keys"],
    summary: "List your API keys",
    description: "All keys of the key's owner, newest first, with status and last use. Secrets are never returned.",
    responses: { 200: jsonReply("The keys.", KeyListSchema), ...authResponses(), ...commonResponses() },
  }),
  async handle(c) {
    const keys = await listApiKeys(c.get("auth").owner.id);
    return json({ keys: keys.map(toApiKey) });
  },
});

const getKey = operation({
  apiSet: "keys:read",
  spec: createRoute({
    method: "get",
    path: "/keys/{clientId}",
    operationId: "getKey",
    tags: ["Keys"],
    summary: "Get one of your API keys",
    description: "One key of the key's owner, by its client ID.",
    request: { params: ClientIdParamSchema },
    responses: {
      200: jsonReply("The key.", ApiKeySchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_KEY),
      ...invalidParamResponse("The client ID is malformed."),
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    const key = await findOwnKey(c.get("auth").owner.id, params.clientId);
    if (!key) throw new ProblemError("not_found", NO_SUCH_KEY);
    return json(toApiKey(key));
  },
});

const issueKey = operation({
  apiSet: "keys:write",
  spec: createRoute({
    method: "post",
    path: "/keys",
    operationId: "issueKey",
    tags: ["Keys"],
    summary: "Issue a new API key",
    description:
      "Issues a key for the calling key's owner, under the same rules as the console: the policy's limit on active keys and " +
      "lifetime, a unique name, and API sets no wider than the calling key's own. The response is the only place the secret key " +
      "ever appears (it is sent with `Cache-Control: no-store`).",
    request: {
      body: {
        required: true,
        description: ISSUE_KEY_REQUEST_DOC.description,
        content: { "application/json": { schema: IssueKeyRequestSchema, example: ISSUE_KEY_REQUEST_DOC.example } },
      },
    },
    responses: {
      201: jsonReply("The new key and its secret, shown this once.", IssuedKeySchema, HEADERS.location),
      ...authResponses(),
      ...bodyResponses(),
      ...conflictResponse("A key with this name is active, or the limit of active keys is reached.", ["conflict", "key_limit_reached"]),
      ...commonResponses(),
    },
  }),
  async handle(c, { body }, deps) {
    const actor = await ownerActor(c);
    const issued = await issueApiKey(actor, body, requestMeta(c), { allowedApiSets: c.get("auth").apiSets });
    const endpoint = deps.endpoint(c);
    return json({ key: toApiKey(issued.key), secretKey: issued.token, endpoint }, 201, {
      ...NO_STORE,
      Location: `${endpoint}/keys/${issued.key.clientId}`,
    });
  },
});

const revokeKey = operation({
  apiSet: "keys:write",
  spec: createRoute({
    method: "delete",
    path: "/keys/{clientId}",
    operationId: "revokeKey",
    tags: ["Keys"],
    summary: "Revoke one of your API keys",
    description: "The key stops working at once, everywhere, and stays listed as revoked. A key may revoke itself.",
    request: { params: ClientIdParamSchema },
    responses: {
      200: jsonReply("The revoked key.", ApiKeySchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_KEY),
      ...conflictResponse("The key is already revoked.", ["conflict"]),
      ...invalidParamResponse("The client ID is malformed."),
      ...commonResponses(),
    },
  }),
  async handle(c, { params }) {
    const key = await findOwnKey(c.get("auth").owner.id, params.clientId);
    if (!key) throw new ProblemError("not_found", NO_SUCH_KEY);
    const actor = await ownerActor(c);
    const revoked = await revokeApiKey(actor, { keyId: key.id }, requestMeta(c), { ownOnly: true });
    return json(toApiKey(revoked));
  },
});

// GET /keys/{clientId}/usage – the key's requests per UTC day and outcome, as on its console page.
const getKeyUsage = operation({
  apiSet: "keys:read",
  spec: createRoute({
    method: "get",
    path: "/keys/{clientId}/usage",
    operationId: "getKeyUsage",
    tags: ["Keys"],
    summary: "Daily usage of one of your API keys",
    description:
      "Requests made with the key (directly, or checked with `POST /verify`) per UTC day, oldest first, up to 90 days with " +
      "today, by outcome: `ok` or the code the request was refused with. Counts reach the database every few seconds.",
    request: { params: ClientIdParamSchema, query: KeyUsageQuerySchema },
    responses: {
      200: jsonReply("The key's daily usage.", KeyUsageSchema),
      ...authResponses(),
      ...queryResponses("`days` is not a whole number from 1 to 90."),
      ...notFoundResponse(NO_SUCH_KEY),
      ...invalidParamResponse("The client ID is malformed."),
      ...commonResponses(),
    },
  }),
  async handle(c, { params, query }) {
    const key = await findOwnKey(c.get("auth").owner.id, params.clientId);
    if (!key) throw new ProblemError("not_found", NO_SUCH_KEY);
    const usage = await keyUsageDetail(key.id, query.days);
    return json({
      clientId: key.clientId,
      days: usage.days.map(({ day, ok, scope, refused, outcomes }) => ({ day, total: ok + scope + refused, outcomes })),
      totals: Object.fromEntries(usage.byOutcome.map(({ outcome, count }) => [outcome, count])),
    });
  },
});

// ---- Key controls: edit in place, deactivate and activate ----

const editKey = operation({
  apiSet: "keys:write",
  spec: createRoute({
    method: "patch",
    path: "/keys/{clientId}",
    operationId: "editKey",
    tags: ["Keys"],
    summary: "Edit one of your API keys",
    description:
      "Changes the fields sent and leaves the others alone: name, description, IP allowlist, and - only ever narrower - API sets " +
      "and expiry. Takes effect everywhere within a second. Active and inactive keys can be edited.",
    request: {
      params: ClientIdParamSchema,
      body: {
        required: true,
        description: EDIT_KEY_REQUEST_DOC.description,
        content: { "application/json": { schema: EditKeyRequestSchema, example: EDIT_KEY_REQUEST_DOC.example } },
      },
    },
    responses: {
      200: jsonReply("The edited key.", ApiKeySchema),
      ...authResponses(),
      ...notFoundResponse(NO_SUCH_KEY),
      ...conflictResponse("Another active key has this name, or the key is revoked, expired or replaced.", ["conflict"]),
      ...bodyResponses(),
      ...commonResponses(),
    },
  }),
  async handle(c, { params, body }) {
    const auth = c.get("auth");
    const key = await findOwnKey(auth.owner.id, params.clientId);
    if (!key) throw new ProblemError("not_found", NO_SUCH_KEY);
    const actor = await ownerActor(c);
    const edited = await editApiKey(actor, { ...body, keyId: key.id }, requestMeta(c));
    return json(toApiKey(edited));
  },
});

function setActiveOperation(active: boolean) {
  const verb = active ? "activate" : "deactivate";
  return operation({
    apiSet: "keys:write",
    spec: createRoute({
      method: "post",
      path: `/keys/{clientId}/${verb}`,
      operationId: `${verb}Key`,
      tags: ["Keys"],
      summary: active ? "Activate one of your API keys" : "Deactivate one of your API keys",
      description: active
        ? "An inactive key works again, everywhere within a second."
        : "The key is refused with `key_inactive` everywhere within a second, until it is activated again. It keeps its place " +
          "under the limit of active keys. A key may deactivate itself (and then cannot activate itself again).",
      request: { params: ClientIdParamSchema },
      responses: {
        200: jsonReply(active ? "The activated key." : "The deactivated key.", ApiKeySchema),
        ...authResponses(),
        ...notFoundResponse(NO_SUCH_KEY),
        ...conflictResponse(active ? "The key is not inactive." : "The key is not active.", ["conflict"]),
        ...invalidParamResponse("The client ID is malformed."),
        ...commonResponses(),
      },
    }),
    async handle(c, { params }) {
      const auth = c.get("auth");
      const key = await findOwnKey(auth.owner.id, params.clientId);
      if (!key) throw new ProblemError("not_found", NO_SUCH_KEY);
      const actor = await ownerActor(c);
      const change = active ? activateApiKey : deactivateApiKey;
      return json(toApiKey(await change(actor, { keyId: key.id }, requestMeta(c))));
    },
  });
}

export const KEY_OPERATIONS = [
  listKeys,
  getKey,
  getKeyUsage,
  issueKey,
  revokeKey,
  editKey,
  setActiveOperation(false),
  setActiveOperation(true),
];

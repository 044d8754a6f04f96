// Turns the OpenAPI document (the one served at /api/v1/openapi.json) into what the
// documentation page shows: every operation with its API set, parameters, request and response
// examples, and a curl line against the reader's own API endpoint.
import { API_SETS } from "../keys/api-sets";
import { ERROR_CODES, PROBLEM_CODES, type ProblemCode } from "./error-codes";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: Json[];
  example?: Json;
  default?: Json;
  description?: string;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};
type MediaType = { schema?: Schema; example?: Json; examples?: Record<string, { summary?: string; value: Json }> };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  "x-api-set"?: string;
};
export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

export type DocField = { name: string; type: string; required: boolean; description: string };
type DocExample = { title: string; json: string };
type DocResponse = { status: string; description: string; contentType: string | null; examples: DocExample[] };
export type DocOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  apiSet: string | null;
  parameters: DocField[];
  body: { description: string; fields: DocField[]; example: string } | null;
  responses: DocResponse[];
  curl: string;
};
export type DocsModel = {
  title: string;
  version: string;
  description: string;
  endpoint: string;
  groups: { tag: string; description: string; operations: DocOperation[] }[];
  /** Every error code, from the one table (lib/api/error-codes.ts). */
  errors: { code: ProblemCode; status: number; title: string; meaning: string }[];
  apiSets: { code: string; label: string; description: string }[];
};

const METHODS = ["get", "post", "put", "patch", "delete"];

export function buildDocsModel(document: OpenApiDocument): DocsModel {
  const endpoint = document.servers?.[0]?.url ?? "/api/v1";
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema?.$ref) return schema;
    return resolve(document.components?.schemas?.[schema.$ref.replace("#/components/schemas/", "")]);
  };

  const exampleOf = (schema: Schema | undefined, depth = 0): Json => {
    const s = resolve(schema);
    if (!s || depth > 8) return null;
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    const variants = s.anyOf ?? s.oneOf ?? s.allOf;
    if (variants) return exampleOf(variants.find((v) => resolve(v)?.type !== "null") ?? variants[0], depth + 1);
    if (s.enum?.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
    if (type === "object" || s.properties) {
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    }
    if (type === "array") return [exampleOf(s.items, depth + 1)];
    if (type === "string") return s.format === "date-time" ? "2026-11-01T09:30:00.000Z" : "string";
    if (type === "integer" || type === "number") return 0;
    if (type === "boolean") return true;
    return null;
  };

  const typeOf = (schema: Schema | undefined): string => {
    const s = resolve(schema);
    if (!s) return "any";
    if (schema?.$ref) return schema.$ref.replace("#/components/schemas/", "");
    const variants = s.anyOf ?? s.oneOf;
    if (variants) return variants.map(typeOf).join(" | ");
    if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
    const type = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "object");
    if (type === "array") return `${typeOf(s.items)}[]`;
    return s.format ? `${type} (${s.format})` : type;
  };

  const fieldsOf = (schema: Schema | undefined): DocField[] => {
    const s = resolve(schema);
    return Object.entries(s?.properties ?? {}).map(([name, prop]) => {
      const p = resolve(prop);
      const limits = [
        p?.minLength !== undefined ? `at least ${p.minLength} characters` : null,
        p?.maxLength !== undefined ? `at most ${p.maxLength} characters` : null,
        p?.default !== undefined ? `default ${JSON.stringify(p.default)}` : null,
      ].filter(Boolean);
      return {
        name,
        type: typeOf(prop),
        required: s?.required?.includes(name) ?? false,
        description: [p?.description, limits.join(", ")].filter(Boolean).join(" "),
      };
    });
  };

  const examplesOf = (media: MediaType | undefined): DocExample[] => {
    if (!media) return [];
    if (media.examples) {
      return Object.entries(media.examples).map(([name, e]) => ({ title: e.summary ?? name, json: JSON.stringify(e.value, null, 2) }));
    }
    const value = media.example ?? exampleOf(media.schema);
    return [{ title: "Example", json: JSON.stringify(value, null, 2) }];
  };

  const operations: DocOperation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? []).map((p) => ({
        name: p.name,
        type: `${typeOf(p.schema)} (in ${p.in})`,
        required: p.required ?? false,
        description: p.description ?? resolve(p.schema)?.description ?? "",
      }));
      const bodyMedia = op.requestBody?.content?.["application/json"];
      const bodyExample = bodyMedia ? JSON.stringify(bodyMedia.example ?? exampleOf(bodyMedia.schema)) : null;
      const concretePath = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const p = op.parameters?.find((x) => x.name === name);
        return String(resolve(p?.schema)?.example ?? `<${name}>`);
      });
      operations.push({
        id: op.operationId ?? `${method}-${path}`,
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? "",
        description: op.description ?? "",
        tag: op.tags?.[0] ?? "Other",
        apiSet: op["x-api-set"] ?? null,
        parameters: params,
        body: bodyMedia
          ? {
              description: op.requestBody?.description ?? "",
              fields: fieldsOf(bodyMedia.schema),
              example: bodyExample ? JSON.stringify(JSON.parse(bodyExample), null, 2) : "",
            }
          : null,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => {
          const [contentType, media] = Object.entries(r.content ?? {})[0] ?? [null, undefined];
          return {
            status,
            description: r.description ?? "",
            contentType,
            examples: contentType === "application/problem+json" ? examplesOf(media).slice(0, 3) : examplesOf(media),
          };
        }),
        curl: curlLine(method.toUpperCase(), `${endpoint}${concretePath}`, Boolean(op.security?.length), bodyExample),
      });
    }
  }

  const tags = document.tags ?? [];
  const order = (tag: string) => {
    const i = tags.findIndex((t) => t.name === tag);
    return i < 0 ? tags.length : i;
  };
  const groupNames = [...new Set(operations.map((o) => o.tag))].sort((a, b) => order(a) - order(b));
  return {
    title: document.info.title,
    version: document.info.version,
    description: document.info.description ?? "",
    endpoint,
    groups: groupNames.map((tag) => ({
      tag,
      description: tags.find((t) => t.name === tag)?.description ?? "",
      operations: operations.filter((o) => o.tag === tag),
    })),
    errors: PROBLEM_CODES.map((code) => {
      const { status, title, meaning } = ERROR_CODES[code];
      return { code, status, title, meaning };
    }),
    apiSets: API_SETS.map((s) => ({ code: s.code, label: s.label, description: s.description })),
  };
}

/**
 * A copy-pasteable curl command, one option per line; the key comes from $KEYDESK_API_KEY,
 * never from the page.
 */
export function curlLine(method: string, url: string, authenticated: boolean, body: string | null): string {
  const lines = [`curl -sS${method !== "GET" ? ` -X ${method}` : ""} ${shellQuote(url)}`];
  if (authenticated) lines.push('-H "Authorization: Bearer $KEYDESK_API_KEY"');
  if (body !== null) lines.push(`-H ${shellQuote("Content-Type: application/json")}`, `-d ${shellQuote(body)}`);
  return lines.join(" \\\n  ");
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

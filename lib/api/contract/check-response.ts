// Checks one real response against the OpenAPI document: its status is declared for the
// operation, its Content-Type is one the response declares, its body matches the declared
// schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it), every declared header is present
// when required and matches its schema, and no header the contract speaks about
// (Cache-Control, WWW-Authenticate, Allow, Retry-After, Location) is sent undeclared.
// Problems must also carry the response's status and a code the response declares.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Schema = Record<string, unknown>;
type HeaderDecl = { required?: boolean; schema?: Schema };
type ResponseDecl = {
  headers?: Record<string, HeaderDecl>;
  content?: Record<string, { schema?: Schema; examples?: Record<string, unknown> }>;
};
type OperationDecl = { operationId: string; responses: Record<string, ResponseDecl> };
export type ContractDocument = { paths: Record<string, Record<string, OperationDecl>>; components?: object };

/** What was received, read once (the body as text). */
export type Received = { status: number; headers: Headers; text: string };

const CONTRACT_HEADERS = ["cache-control", "www-authenticate", "allow", "retry-after", "location"];
const DOCUMENT_ID = "urn:keydesk:openapi";

const pointer = (...parts: string[]) => `#/${parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

export type OperationRef = { path: string; method: string; operationId: string };

export function operationsOf(document: ContractDocument): (OperationRef & { statuses: string[] })[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, operationId: op.operationId, statuses: Object.keys(op.responses) })),
  );
}

export function contractChecker(document: ContractDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorAt = (ref: string) => {
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}${ref}` });
      compiled.set(ref, validate);
    }
    return validate;
  };
  const valid = (ref: string, value: unknown): string | null => {
    const validate = validatorAt(ref);
    return validate(value) ? null : ajv.errorsText(validate.errors, { dataVar: "body" });
  };

  /** Every way `received` differs from what the document declares (empty: it conforms). */
  function check(op: OperationRef, received: Received, options: { head?: boolean } = {}): string[] {
    const mismatches: string[] = [];
    const status = String(received.status);
    const declared = document.paths[op.path]?.[op.method]?.responses[status];
    if (!declared) return [`${op.operationId} answered ${status}, which the document does not declare for it`];
    const base = [op.path, op.method, "responses", status];

    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      const value = received.headers.get(name);
      if (value === null) {
        if (header.required) mismatches.push(`header ${name} is declared required but missing`);
        continue;
      }
      const problem = header.schema ? valid(pointer("paths", ...base, "headers", name, "schema"), value) : null;
      if (problem) mismatches.push(`header ${name}: ${JSON.stringify(value)}: ${problem}`);
    }
    const declaredNames = new Set(Object.keys(declared.headers ?? {}).map((n) => n.toLowerCase()));
    for (const name of CONTRACT_HEADERS) {
      if (received.headers.has(name) && !declaredNames.has(name)) mismatches.push(`header ${name} is sent but not declared`);
    }

    const contentType = received.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? null;
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0) {
      if (received.text !== "") mismatches.push("a body is sent where none is declared");
      if (contentType) mismatches.push(`Content-Type ${contentType} is sent where no content is declared`);
      return mismatches;
    }
    const media = contentType ? content[contentType] : undefined;
    if (!contentType || !media) {
      mismatches.push(`Content-Type ${contentType} is not one of ${Object.keys(content).join(", ")}`);
      return mismatches;
    }
    if (options.head) {
      if (received.text !== "") mismatches.push("HEAD answered with a body");
      return mismatches;
    }
    let body: unknown = received.text;
    if (/json$/.test(contentType)) {
      try {
        body = JSON.parse(received.text);
      } catch {
        mismatches.push(`the ${contentType} body is not JSON`);
        return mismatches;
      }
    }
    if (media.schema) {
      const problem = valid(pointer("paths", ...base, "content", contentType, "schema"), body);
      if (problem) mismatches.push(`body: ${problem}`);
    }
    if (contentType === "application/problem+json") {
      const problemBody = body as { status?: unknown; code?: unknown };
      if (problemBody.status !== received.status) mismatches.push(`problem status ${problemBody.status} is not ${received.status}`);
      const codes = Object.keys(media.examples ?? {});
      if (codes.length > 0 && !codes.includes(String(problemBody.code))) {
        mismatches.push(`problem code ${problemBody.code} is not one declared for ${status} (${codes.join(", ")})`);
      }
    }
    return mismatches;
  }

  return { check };
}

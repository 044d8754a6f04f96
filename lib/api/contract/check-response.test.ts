// The contract checker finds each kind of mismatch (so a passing contract suite means something).
import { describe, expect, it } from "vitest";
import { type ContractDocument, contractChecker } from "./check-response";

const document: ContractDocument = {
  paths: {
    "/things": {
      post: {
        operationId: "makeThing",
        responses: {
          "201": {
            headers: {
              "Cache-Control": { required: true, schema: { type: "string", enum: ["no-store"] } },
              Location: { required: true, schema: { type: "string", format: "uri-reference" } },
            },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          "409": {
            headers: { "Cache-Control": { required: true, schema: { type: "string" } } },
            content: {
              "application/problem+json": {
                schema: { type: "object", required: ["status", "code"] },
                examples: { conflict: {} },
              },
            },
          },
          "204": {},
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "owner"],
        properties: { id: { type: "string" }, owner: { anyOf: [{ type: "object" }, { type: "null" }] } },
      },
    },
  },
};

const op = { path: "/things", method: "post", operationId: "makeThing" };
const { check } = contractChecker(document);
const received = (status: number, headers: Record<string, string>, body: unknown) => ({
  status,
  headers: new Headers(headers),
  text: typeof body === "string" ? body : JSON.stringify(body),
});
const good = { "content-type": "application/json", "cache-control": "no-store", location: "/api/v1/things/1" };

describe("contractChecker", () => {
  it("accepts an answer that matches the document", () => {
    expect(check(op, received(201, good, { id: "1", owner: null }))).toEqual([]);
    expect(check(op, received(204, {}, ""))).toEqual([]);
  });

  it("names each way an answer differs from the document", () => {
    expect(check(op, received(200, good, {}))).toEqual(["makeThing answered 200, which the document does not declare for it"]);
    expect(check(op, received(201, good, { id: 1 }))).toEqual([expect.stringMatching(/^body: .*owner/)]);
    expect(check(op, received(201, { ...good, "cache-control": "max-age=60" }, { id: "1", owner: null }))).toEqual([
      expect.stringMatching(/^header Cache-Control: "max-age=60": /),
    ]);
    const { location: _, ...noLocation } = good;
    expect(check(op, received(201, noLocation, { id: "1", owner: null }))).toEqual(["header Location is declared required but missing"]);
    expect(check(op, received(201, { ...good, "retry-after": "1" }, { id: "1", owner: null }))).toEqual([
      "header retry-after is sent but not declared",
    ]);
    expect(check(op, received(201, { ...good, "content-type": "text/plain" }, "hi"))).toEqual([
      "Content-Type text/plain is not one of application/json",
    ]);
    expect(check(op, received(204, { "content-type": "application/json" }, "{}"))).toHaveLength(2);
  });

  it("holds a problem to its status and to the codes declared for it", () => {
    const problem = { "content-type": "application/problem+json", "cache-control": "no-store" };
    expect(check(op, received(409, problem, { status: 409, code: "conflict" }))).toEqual([]);
    expect(check(op, received(409, problem, { status: 400, code: "gone" }))).toEqual([
      "problem status 400 is not 409",
      "problem code gone is not one declared for 409 (conflict)",
    ]);
  });
});

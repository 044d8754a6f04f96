// The body of a server-action post, checked by the console's front server before Next.js sees it.
// React's reply decoder throws on a body it cannot read (truncated JSON, a reference to a part
// that is not there) and Next.js answers that with a 500 and the decoder's stack in the log.
// Keydesk's actions take plain values (objects, arrays, strings, numbers, booleans, FormData), so
// a body is let through when it is what React's encodeReply makes of such values: the root
// (the whole text body, or part "0" of a multipart body) is JSON, every part it refers to is there
// and is JSON too, and every "$" string is one of the self-contained forms or such a reference.
// Anything else gets a 400. Free of framework imports, so it is unit-tested.

/** Next.js's default serverActions.bodySizeLimit (next.config.mjs does not change it). */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export type ActionBodyVerdict = { ok: true } | { ok: false; status: 400 | 413; log: string };

const refuse = (log: string): ActionBodyVerdict => ({ ok: false, status: 400, log });

/** React reply forms that stand alone: escaped "$", undefined, Infinity, -Infinity/-0, NaN, dates, temporary references. */
const SELF_CONTAINED = new Set(["$", "u", "I", "-", "N", "D", "T"]);

type Parts = Map<string, string | null>; // null: a file part

export async function checkActionBody(contentType: string | undefined, body: Buffer): Promise<ActionBodyVerdict> {
  if (body.length > ACTION_BODY_LIMIT) return { ok: false, status: 413, log: "server action body over the size limit" };
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  const parts: Parts = new Map();
  if (type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData();
    } catch {
      return refuse("server action with an unreadable multipart body");
    }
    for (const [name, value] of form.entries()) parts.set(name, typeof value === "string" ? value : null);
  } else {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      return refuse("server action body is not UTF-8");
    }
    parts.set("0", text);
  }
  const checked = new Set<string>();
  const checkPart = (id: string): string | null => {
    if (checked.has(id)) return null;
    checked.add(id);
    const raw = parts.get(id);
    if (raw === undefined) return `server action body refers to a missing part`;
    if (raw === null) return "server action body refers to a file where a value belongs";
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return "server action body is not valid JSON";
    }
    return checkValue(value);
  };
  const checkValue = (value: unknown): string | null => {
    if (typeof value === "string") return checkString(value);
    if (Array.isArray(value)) {
      for (const item of value) {
        const problem = checkValue(item);
        if (problem) return problem;
      }
      return null;
    }
    if (value && typeof value === "object") {
      for (const item of Object.values(value)) {
        const problem = checkValue(item);
        if (problem) return problem;
      }
    }
    return null;
  };
  const checkString = (value: string): string | null => {
    if (value[0] !== "$") return null;
    const tag = value[1] ?? "";
    if (SELF_CONTAINED.has(tag)) return null;
    if (tag === "n") return /^-?\d{1,300}$/.test(value.slice(2)) ? null : "server action body with a malformed BigInt";
    if (tag === "K") return /^[0-9a-f]+$/i.test(value.slice(2)) ? null : "server action body with a malformed FormData reference";
    // "$<hex id>" or "$<hex id>:<path>": an outlined part of the same body.
    const ref = /^\$([0-9a-f]+)(?::.*)?$/i.exec(value);
    if (ref?.[1]) return checkPart(String(Number.parseInt(ref[1], 16)));
    return "server action body with a value Keydesk's actions do not take";
  };
  const problem = checkPart("0");
  return problem ? refuse(problem) : { ok: true };
}

// The one wrapper every server action runs through: session → authority → zod parse → domain
// call in lib/ → a typed result with field errors for the form. Actions are public POST
// endpoints; nothing here trusts the page that rendered the button.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { RequestMeta } from "../audit/write-audit";
import { type ErrorCode, isKeydeskError } from "../errors";
import { logError } from "../log";
import { type Actor, requireAuthority } from "./actor";
import type { Authority } from "./authorities";
import { requestMeta } from "./request-meta";
import { currentActor } from "./session";

type FieldErrors = Record<string, string[] | undefined>;

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | "internal"; message: string; fieldErrors?: FieldErrors };

export type ActionContext = { actor: Actor; meta: RequestMeta };

function failure(error: unknown, where: string): Extract<ActionResult<never>, { ok: false }> {
  if (isKeydeskError(error)) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      fieldErrors: error.field ? { [error.field]: [error.message] } : undefined,
    };
  }
  logError(where, error);
  return { ok: false, code: "internal", message: "Something went wrong and nothing was changed. Please try again." };
}

export function authedAction<S extends z.ZodType, T>(
  config: { name: string; schema: S; authority?: Authority },
  run: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = await currentActor();
      if (!actor) return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
      if (config.authority) requireAuthority(actor, config.authority);
      const parsed = config.schema.safeParse(input);
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        return {
          ok: false,
          code: "validation_failed",
          message: flat.formErrors[0] ?? "Check the highlighted fields.",
          fieldErrors: flat.fieldErrors as FieldErrors,
        };
      }
      return { ok: true, data: await run(parsed.data, { actor, meta: await requestMeta() }) };
    } catch (error) {
      unstable_rethrow(error);
      return failure(error, config.name);
    }
  };
}

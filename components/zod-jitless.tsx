"use client";
// zod compiles object parsers with `new Function` when it may; the page CSP allows no eval, so
// the browser would log a violation on every first parse. Interpreted parsing is as correct.
import { z } from "zod";

z.config({ jitless: true });

export function ZodJitless() {
  return null;
}

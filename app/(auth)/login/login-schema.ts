import { z } from "zod";

export const loginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254, "Use at most 254 characters."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  callbackUrl: z.string().max(2048).optional(),
});
export type LoginForm = z.input<typeof loginSchema>;

/** Only same-site paths: an attacker-supplied callbackUrl must not send people elsewhere. */
export function safeReturnPath(value: string | undefined): string {
  if (!value) return "/profile/api-keys";
  let path = value;
  try {
    // Auth.js may hand us an absolute URL of our own origin.
    if (/^https?:\/\//i.test(value)) {
      const url = new URL(value);
      path = url.pathname + url.search;
    }
  } catch {
    return "/profile/api-keys";
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/login") || path.startsWith("/api/")) {
    return "/profile/api-keys";
  }
  return path;
}

// Auth.js with email + password. Sessions are JWTs signed with the generated AUTH_SECRET; the
// user behind one is re-read from the database on every request (lib/auth/session.ts).
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isKeydeskError } from "../errors";
import { logError } from "../log";
import { serverSecrets } from "../server-secrets";
import { authConfig } from "./auth.config";
import { authenticate } from "./authenticate";
import { requestMeta } from "./request-meta";

/** Sign-in refused before the password was checked: too many recent failures. */
class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: serverSecrets().authSecret,
  logger: {
    // A wrong password is an expected outcome (and audited), not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin" || error instanceof CredentialsSignin) return;
      logError("auth", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        try {
          const user = await authenticate(credentials?.email, credentials?.password, await requestMeta());
          return user ? { id: user.id, name: user.name, email: user.email } : null;
        } catch (error) {
          if (isKeydeskError(error) && error.code === "rate_limited") throw new SignInThrottled();
          throw error;
        }
      },
    }),
  ],
}));

// Auth.js with email + password. Sessions are JWTs signed with the generated AUTH_SECRET; the
// user behind one is re-read from the database on every request (lib/auth/session.ts).
import { cookies, headers } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isKeydeskError } from "../errors";
import { serverSecrets } from "../server-secrets";
import { authConfig } from "./auth.config";
import { authenticate } from "./authenticate";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookieName } from "./device-cookie";
import { isHttpsRequest, requestMeta } from "./request-meta";

/** Sign-in refused before the password was checked: too many recent failures. */
class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: serverSecrets().authSecret,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        try {
          const jar = await cookies();
          const secure = isHttpsRequest(await headers());
          const device = deviceCookieName(secure);
          const user = await authenticate(credentials?.email, credentials?.password, await requestMeta(), {
            deviceToken: jar.get(device)?.value,
          });
          if (!user) return null;
          // This browser may now always try this account's password (lib/auth/device-cookie.ts).
          jar.set(device, user.deviceToken, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS });
          return { id: user.id, name: user.name, email: user.email, sessionId: user.sessionId };
        } catch (error) {
          if (isKeydeskError(error) && error.code === "rate_limited") throw new SignInThrottled();
          throw error;
        }
      },
    }),
  ],
}));

// Auth.js settings the proxy needs (no database, no bcrypt): which pages need a session and
// where to send visitors without one. The JWT carries the user id and the id of the server-side
// session row (lib/auth/sessions.ts); the real checks happen in every page, action and route.
import type { NextAuthConfig } from "next-auth";
import { logError, logRefusedInput } from "../log";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authConfig = {
  trustHost: true,
  logger: {
    error(error) {
      // A wrong password is an expected outcome (and audited), not a server error worth a stack trace.
      // (By its type name: this file must not load next-auth itself, which only the proxy and auth.ts may.)
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      // A cookie nobody can decrypt (forged, truncated, from another secret): that visitor is
      // simply signed out; one short line, rate-limited, instead of a stack per request.
      if ((error as { type?: string }).type === "JWTSessionError") return logRefusedInput("auth", "unreadable session cookie");
      logError("auth", error);
    },
  },
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      // Only a pointer to the server-side row: without the cookie Auth.js encrypted, it opens nothing.
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;

declare module "next-auth" {
  interface Session {
    sessionId?: string;
  }
  interface User {
    sessionId?: string;
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
  }
}

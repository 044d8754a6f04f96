// Auth.js settings the proxy needs (no database, no bcrypt): which pages need a session and
// where to send visitors without one. The real checks happen in every page, action and route.
import type { NextAuthConfig } from "next-auth";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authConfig = {
  trustHost: true,
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.signedInAt === "number") session.signedInAt = token.signedInAt;
      return session;
    },
  },
} satisfies NextAuthConfig;

declare module "next-auth" {
  interface Session {
    signedInAt?: number;
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    signedInAt?: number;
  }
}

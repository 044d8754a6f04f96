// Redirect layer only: visitors without a session who open a console page go to /login and come
// back afterwards. Every page, action and route still checks the user itself.
import NextAuth from "next-auth";
import { authConfig } from "./lib/auth/auth.config";
import { serverSecrets } from "./lib/server-secrets";

const { auth } = NextAuth(() => ({ ...authConfig, secret: serverSecrets().authSecret }));

export default auth;

export const config = {
  matcher: ["/profile/:path*", "/admin/:path*"],
};

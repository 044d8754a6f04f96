// Redirect layer only: visitors without a session who open a console page go to /login and come
// back afterwards. It also tells the page which path was asked for, so a server-side refusal
// of a stale session (disabled account, changed password) can send the person back there too.
// Every page, action and route still checks the user itself.

import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "./lib/auth/auth.config";
import { REQUEST_PATH_HEADER } from "./lib/auth/request-path";
import { serverSecrets } from "./lib/server-secrets";

const { auth } = NextAuth(() => ({ ...authConfig, secret: serverSecrets().authSecret }));

const handler = auth((request) => {
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (!request.auth?.user) {
    const login = new URL("/login", request.nextUrl);
    login.searchParams.set("callbackUrl", path);
    return NextResponse.redirect(login);
  }
  // Overwrites whatever a client may have sent under the same name.
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, path);
  return NextResponse.next({ request: { headers } });
});

// With a lazily built configuration (secrets are read at run time, not at build time) Auth.js
// hands back the wrapped handler asynchronously.
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await (handler as unknown as Promise<(r: NextRequest, e: NextFetchEvent) => Promise<Response>>))(request, event);
}

export const config = {
  matcher: ["/profile/:path*", "/admin/:path*"],
};

// Runs before every page: gives the request a Content-Security-Policy with a fresh nonce (Next.js
// reads it from the request header and puts it on its scripts; the browser gets the same policy),
// and is the redirect layer for console pages: visitors without a session who open one go to
// /login and come back afterwards. It also tells the page which path was asked for, so a
// server-side refusal of a stale session (ended, disabled, password changed) can send the
// person back there too. Every page, action and route still checks the user itself.

import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "./lib/auth/auth.config";
import { REQUEST_PATH_HEADER } from "./lib/auth/request-path";
import { contentSecurityPolicy, HSTS, newNonce } from "./lib/http/security-headers";
import { serverSecrets } from "./lib/server-secrets";

const { auth } = NextAuth(() => ({ ...authConfig, secret: serverSecrets().authSecret }));

const SIGNED_IN_AREAS = ["/profile", "/admin"];

function needsSession(pathname: string): boolean {
  return SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
}

/** The request continues with the policy and the path header (overwriting whatever a client sent). */
function next(request: NextRequest, path: string): NextResponse {
  const https = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const policy = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  headers.set(REQUEST_PATH_HEADER, path);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

const guarded = auth((request) => {
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (!request.auth?.user) {
    const login = new URL("/login", request.nextUrl);
    login.searchParams.set("callbackUrl", path);
    return NextResponse.redirect(login);
  }
  return next(request, path);
});

// With a lazily built configuration (secrets are read at run time, not at build time) Auth.js
// hands back the wrapped handler asynchronously.
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (!needsSession(request.nextUrl.pathname)) return next(request, request.nextUrl.pathname + request.nextUrl.search);
  return (await (guarded as unknown as Promise<(r: NextRequest, e: NextFetchEvent) => Promise<Response>>))(request, event);
}

export const config = {
  // Every page; not the API (no HTML), Next.js's static files or the favicon.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.svg).*)"],
};

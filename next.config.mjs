import { readFileSync } from "node:fs";

// Header values shared with proxy.ts and the API (lib/http/security-headers.ts).
const { permissionsPolicy: PERMISSIONS_POLICY, hsts: HSTS } = JSON.parse(
  readFileSync(new URL("./lib/http/security-headers.json", import.meta.url), "utf8"),
);

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The development server would otherwise log every server action's arguments: passwords.
  logging: { serverFunctions: false },
  // The console is self-hosted: no telemetry-dependent or remote features.
  typedRoutes: false,
  // forbidden(): administration pages answer 403 to signed-in users without the authority.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
          // Pages get their Content-Security-Policy, with a per-request nonce, from proxy.ts.
        ],
      },
      {
        // Served over https (directly or through a trusted proxy): browsers keep to https.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: HSTS }],
      },
      {
        // JSON and the health check: nothing to run, nothing to frame.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
      {
        // Key secrets travel in responses to these pages' actions: never cache them.
        source: "/profile/:path*",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
      {
        // A generated initial password travels in the response to Create user.
        source: "/admin/:path*",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
    ];
  },
};

export default nextConfig;

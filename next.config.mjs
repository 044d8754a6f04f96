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
          {
            // Next inlines its hydration data, hence 'unsafe-inline' for scripts; everything is
            // still confined to this origin, cannot be framed and cannot post elsewhere.
            key: "Content-Security-Policy",
            value: [
              "default-src 'self'",
              // The development server also evaluates code for fast refresh.
              `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
              "style-src 'self' 'unsafe-inline'",
              "img-src 'self' data: blob:",
              "connect-src 'self'",
              "object-src 'none'",
              "base-uri 'self'",
              "form-action 'self'",
              "frame-ancestors 'none'",
            ].join("; "),
          },
        ],
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

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
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

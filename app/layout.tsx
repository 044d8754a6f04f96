import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ZodJitless } from "@/components/zod-jitless";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keydesk", template: "%s · Keydesk" },
  description: "Issue, reveal once, revoke and verify API keys.",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so each carries that request's CSP nonce (proxy.ts);
  // a page prerendered at build time would have scripts the policy refuses.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <ZodJitless />
        {children}
      </body>
    </html>
  );
}

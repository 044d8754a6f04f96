import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { LoginForm } from "./login-form";
import { safeReturnPath } from "./login-schema";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  if (await currentActor()) redirect(safeReturnPath(callbackUrl));
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight text-brand-800">Keydesk</p>
        <section className="rounded-card border border-line-soft bg-surface p-6 shadow-sm" aria-labelledby="login-title">
          <h1 id="login-title" className="text-lg font-semibold">
            Sign in
          </h1>
          <p className="mt-1 text-sm text-ink-muted">Use the email and password your administrator gave you.</p>
          <LoginForm callbackUrl={callbackUrl} />
        </section>
      </div>
    </main>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { MainNav } from "@/components/main-nav";
import { UserMenu } from "@/components/user-menu";
import { adminPagesFor } from "@/lib/admin/pages";
import { requireActor } from "@/lib/auth/session";
import { signOutAction } from "./actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor("/profile");
  return (
    <div className="min-h-screen">
      <header className="border-b border-line-soft bg-surface">
        <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center justify-between gap-4 px-4">
          <div className="flex items-center gap-6">
            <Link href="/profile/api-keys" className="text-lg font-semibold tracking-tight text-brand-800">
              Keydesk
            </Link>
            <MainNav
              links={[
                { href: "/profile", label: "Profile" },
                ...adminPagesFor(actor.authorities).map(({ href, label }) => ({ href, label })),
              ]}
            />
          </div>
          <UserMenu name={actor.name} email={actor.email} signOut={signOutAction} />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8">{children}</main>
    </div>
  );
}

import { cookies } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { MainNav } from "@/components/main-nav";
import { parseTheme, THEME_COOKIE, themeClass } from "@/components/theme";
import { cn } from "@/components/ui/cn";
import { Toaster } from "@/components/ui/toaster";
import { UserMenu } from "@/components/user-menu";
import { adminPagesFor } from "@/lib/admin/pages";
import { requireActor } from "@/lib/auth/session";
import { signOutAction } from "./actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor("/profile");
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div id="console-root" className={cn("min-h-screen bg-surface-sunken text-ink", themeClass(theme))}>
      <header className="border-b border-line-soft bg-surface">
        {/* On a phone the navigation takes its own row under the name and the user menu, so the
            menu stays at the right edge and opens inside the screen. */}
        <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link href="/profile/api-keys" className="text-lg font-semibold tracking-tight text-brand-800">
            Keydesk
          </Link>
          <div className="order-last w-full md:order-none md:w-auto md:flex-1">
            <MainNav
              links={[
                { href: "/profile", label: "Profile" },
                ...adminPagesFor(actor.authorities).map(({ href, label }) => ({ href, label })),
              ]}
            />
          </div>
          <div className="ml-auto min-w-0">
            <UserMenu name={actor.name} email={actor.email} signOut={signOutAction} theme={theme} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:py-8">{children}</main>
      <Toaster />
    </div>
  );
}

"use client";
// The header's navigation: Profile for everyone, and each administration page only for holders
// of its authority (the layout passes just those). The current section is marked with
// aria-current.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./ui/cn";

export function MainNav({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {links.map((link) => {
        const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={cn(current ? "font-medium text-brand-700" : "text-ink-soft hover:text-ink")}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}

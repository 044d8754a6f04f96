"use client";
// Page-level tabs are links (each tab has its own URL); the current one is marked for
// assistive tech with aria-current.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./ui/cn";

export function TabNav({ label, tabs }: { label: string; tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mt-4 border-b border-line-soft">
      {/* On a phone the tabs wrap onto a second line rather than widen the page. */}
      <ul className="-mb-px flex flex-wrap gap-x-6 gap-y-1">
        {tabs.map((tab, i) => {
          // A tab stays current on its own sub-pages (a key's page under API keys); the first tab
          // is the parent of the others, so it matches exactly.
          const current = pathname === tab.href || (i > 0 && pathname.startsWith(`${tab.href}/`));
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-1 pb-2 text-sm font-medium",
                  current ? "border-brand-600 text-brand-700" : "border-transparent text-ink-muted hover:text-ink",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

// Numbered pages for server-rendered lists: Previous / Next and a few page links, all plain links
// that keep the list's other query parameters.
import Link from "next/link";
import { buttonClass } from "./ui/button";
import { cn } from "./ui/cn";

type Props = {
  basePath: string;
  params: Record<string, string | undefined>;
  page: number;
  pageCount: number;
  /** The total is a lower bound: the last page number is not known. */
  open?: boolean;
  label: string;
};

function pageHref(basePath: string, params: Record<string, string | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  if (page > 1) search.set("page", String(page));
  const qs = search.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

function windowOf(page: number, pageCount: number, open?: boolean): (number | "gap")[] {
  const pages = new Set([1, open ? page : pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) out.push("gap");
    out.push(p);
  });
  return out;
}

export function Pagination({ basePath, params, page, pageCount, open, label }: Props) {
  if (pageCount <= 1 && page <= 1) return null;
  const href = (p: number) => pageHref(basePath, params, p);
  return (
    <nav aria-label={label} data-page={page} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-ink-muted">
        Page {page.toLocaleString("en-US")}
        {open ? "" : ` of ${pageCount.toLocaleString("en-US")}`}
      </p>
      <ul className="flex flex-wrap items-center gap-1">
        <li>
          {page > 1 ? (
            <Link className={buttonClass("secondary", "sm")} href={href(Math.min(page - 1, pageCount))} rel="prev">
              Previous
            </Link>
          ) : (
            <span aria-disabled="true" className={cn(buttonClass("secondary", "sm"), "text-ink-muted")}>
              Previous
            </span>
          )}
        </li>
        {windowOf(Math.min(page, pageCount), pageCount, open).map((p, i) =>
          p === "gap" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a gap has no identity but its place.
            <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-ink-muted">
              …
            </li>
          ) : (
            <li key={p}>
              <Link
                href={href(p)}
                aria-label={`Page ${p}`}
                aria-current={p === page ? "page" : undefined}
                className={cn(buttonClass(p === page ? "primary" : "ghost", "sm"), "min-w-8")}
              >
                {p.toLocaleString("en-US")}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <Link className={buttonClass("secondary", "sm")} href={href(page + 1)} rel="next">
              Next
            </Link>
          ) : (
            <span aria-disabled="true" className={cn(buttonClass("secondary", "sm"), "text-ink-muted")}>
              Next
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}

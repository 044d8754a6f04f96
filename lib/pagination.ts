// Numbered pages for the server-rendered lists. Page numbers come from query strings, so anything
// odd (missing, negative, huge, not a number) means page 1 rather than an error.

const MAX_PAGE = 100_000;

export function parsePage(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  return Math.min(Math.max(Number(value), 1), MAX_PAGE);
}

export type Page<T> = {
  rows: T[];
  /** Exact, unless `capped`: then at least this many. */
  total: number;
  capped?: boolean;
  page: number;
  pageSize: number;
  pageCount: number;
};

export function pageWindow(page: number, pageSize: number): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

export function toPage<T>(rows: T[], total: number, page: number, pageSize: number, cap?: number): Page<T> {
  const capped = cap !== undefined && total >= cap;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  // Past a capped count, pages go on as long as they are full.
  return {
    rows,
    total,
    capped,
    page,
    pageSize,
    pageCount: capped ? Math.max(pageCount, page + (rows.length === pageSize ? 1 : 0)) : pageCount,
  };
}

/** The first value of a query-string parameter, or undefined. */
export function firstParam(raw: string | string[] | undefined): string | undefined {
  return Array.isArray(raw) ? raw[0] : raw;
}

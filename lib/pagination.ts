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

// Cursors for the API's lists, which page by position instead of by number: newest first by
// (time, id), a page continues strictly after the last row of the previous one, so rows added
// meanwhile neither shift nor repeat it. The cursor is opaque to clients (base64url of
// "<epoch ms>.<id>"); decoding accepts only what encoding produces.

export type ListPosition = { at: Date; id: number };

const POSITION = /^(\d{1,15})\.(\d{1,15})$/;

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.at.getTime()}.${position.id}`).toString("base64url");
}

/** The position a cursor names, or null when this API did not make it. */
export function decodeCursor(cursor: string): ListPosition | null {
  if (cursor.length > 44 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("latin1");
  const match = POSITION.exec(text);
  if (!match || Buffer.from(text).toString("base64url") !== cursor) return null;
  const at = new Date(Number(match[1]));
  const id = Number(match[2]);
  if (Number.isNaN(at.getTime()) || !Number.isSafeInteger(id)) return null;
  return { at, id };
}

// All keys (/admin/keys), the credential report: every key of every user with its owner, API
// sets, dates, last use and status, filterable by status, owner and API set, and exported as
// CSV. Never a secret or its hash. Holders of "Manage user API keys" only.
//
// The export streams: keys are read in pages along the primary key (a keyset, never an OFFSET)
// through the drivers directly (lib/db/key-report-store.ts), each page turned into CSV rows by
// csv-stringify and sent before the next is read, so memory stays flat whatever the number of keys.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db, type Prisma, transaction } from "../db/client";
import { type KeyReportRow, keyReportStore } from "../db/key-report-store";
import { API_SET_CODES, apiSetLabel, parseApiSets } from "../keys/api-sets";
import { KEY_STATUS_LABEL, type KeyStatus, keyStatus, keyStatusWhere } from "../keys/status";
import { type Page, pageWindow, toPage } from "../pagination";
import { emailSchema } from "../users/normalize";

const PAGE_SIZE = 50;
const COUNT_CAP = 10_000;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const KEY_STATUS_OPTIONS = (Object.keys(KEY_STATUS_LABEL) as KeyStatus[]).map((value) => ({
  value,
  label: KEY_STATUS_LABEL[value],
}));

export const allKeysFiltersSchema = z.object({
  status: z.preprocess(
    blankToUndefined,
    z.enum(["active", "inactive", "replaced", "expired", "revoked"], { error: "Choose a status from the list." }).optional(),
  ),
  owner: z.preprocess(blankToUndefined, emailSchema.optional()),
  apiSet: z.preprocess(blankToUndefined, z.enum(API_SET_CODES, { error: "Choose an API set from the list." }).optional()),
});

export type AllKeysFilters = z.output<typeof allKeysFiltersSchema>;

export type AllKeysRow = {
  id: string;
  clientId: string;
  name: string;
  owner: { id: string; name: string; email: string };
  apiSets: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  status: KeyStatus;
};

const rowSelect = {
  id: true,
  clientId: true,
  name: true,
  apiSets: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  replacedById: true,
  deactivatedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  user: { select: { id: true, name: true, email: true } },
} satisfies Prisma.ApiKeySelect;

type SelectedRow = Prisma.ApiKeyGetPayload<{ select: typeof rowSelect }>;

function toRow(k: SelectedRow, now: Date): AllKeysRow {
  return {
    id: k.id,
    clientId: k.clientId,
    name: k.name,
    owner: k.user,
    apiSets: parseApiSets(k.apiSets),
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    lastUsedAt: k.lastUsedAt,
    lastUsedIp: k.lastUsedIp,
    status: keyStatus(k, now),
  };
}

function allKeysWhere(filters: AllKeysFilters, now: Date): Prisma.ApiKeyWhereInput {
  return {
    ...(filters.status ? keyStatusWhere(filters.status, now) : {}),
    ...(filters.owner ? { user: { email: filters.owner } } : {}),
    // Stored as space-separated codes; no code is a part of another.
    ...(filters.apiSet ? { apiSets: { contains: filters.apiSet } } : {}),
  };
}

/** One page of the report, newest keys first. */
export async function listAllKeys(actor: Actor, filters: AllKeysFilters, page: number, now = new Date()): Promise<Page<AllKeysRow>> {
  requireAuthority(actor, "keys:manage");
  const where = allKeysWhere(filters, now);
  const [rows, total] = await Promise.all([
    db.apiKey.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageWindow(page, PAGE_SIZE), select: rowSelect }),
    db.apiKey.count({ where, take: COUNT_CAP }),
  ]);
  return toPage(
    rows.map((k) => toRow(k, now)),
    total,
    page,
    PAGE_SIZE,
    COUNT_CAP,
  );
}

export const CSV_COLUMNS = [
  "Owner name",
  "Owner email",
  "Key name",
  "Client ID",
  "API sets",
  "Created at",
  "Expires at",
  "Last used at",
  "Last used IP",
  "Status",
] as const;

/**
 * Keys per page of the export: a page is read, turned into CSV and handed on before the next is
 * read. Small pages die young. With 500 the heap stayed at ~55 MB through 300,000 keys on both
 * engines, run after run; with 1,000 it sometimes did and sometimes climbed to ~130 MB between
 * full collections (pages living long enough to be promoted), and with 5,000, or with the next
 * page read ahead, it always did (npm run bench:export). Smaller pages cost no time: a page is
 * one indexed range read.
 */
const EXPORT_PAGE = 500;

/** Pages of matching keys by id (a keyset: each starts after the last id of the one before). */
async function* exportPages(filters: AllKeysFilters, now: Date): AsyncGenerator<KeyReportRow[]> {
  const store = keyReportStore();
  let after = "";
  for (;;) {
    const page = await store.page(filters, now, after, EXPORT_PAGE);
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE) return;
    after = page[page.length - 1][0];
  }
}

function csvRecord(k: KeyReportRow, now: Date): string[] {
  const [
    ,
    ownerName,
    ownerEmail,
    name,
    clientId,
    apiSets,
    createdAt,
    expiresAt,
    revokedAt,
    replacedById,
    deactivatedAt,
    lastUsedAt,
    lastUsedIp,
  ] = k;
  const status = keyStatus(
    {
      revokedAt: revokedAt === null ? null : new Date(revokedAt),
      expiresAt: new Date(expiresAt),
      replacedById,
      deactivatedAt: deactivatedAt === null ? null : new Date(deactivatedAt),
    },
    now,
  );
  return [
    ownerName,
    ownerEmail,
    name,
    clientId,
    parseApiSets(apiSets).map(apiSetLabel).join("; "),
    createdAt,
    expiresAt,
    lastUsedAt ?? "",
    lastUsedIp ?? "",
    KEY_STATUS_LABEL[status],
  ];
}

/**
 * The report as a stream of CSV text (UTF-8, a header row, RFC 4180 quoting by csv-stringify).
 * Cells that a spreadsheet would run as a formula are prefixed with a quote. The stream is
 * pulled: a page is read only when the reader (the HTTP response) has taken the one before,
 * so a slow download holds one page in memory, never the report.
 */
export async function exportAllKeysCsv(
  actor: Actor,
  filters: AllKeysFilters,
  meta: RequestMeta,
  now = new Date(),
): Promise<ReadableStream<Uint8Array>> {
  requireAuthority(actor, "keys:manage");
  // Who took a copy of the report, and of what, is itself on record.
  await transaction((tx) => writeAudit(tx, { actorId: actor.id, action: "keys.exported", details: { filters } }, meta));
  const pages = exportPages(filters, now);
  let header = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pages.next();
        const records = next.done ? [] : next.value.map((k) => csvRecord(k, now));
        // With no record, stringify writes the header alone (an empty report is still a CSV).
        if (records.length > 0 || header) controller.enqueue(Buffer.from(stringify(records, { ...CSV_OPTIONS, header })));
        header = false;
        if (next.done) controller.close();
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** escape_formulas: text beginning with = + - @ (or their full-width forms, a tab or a return)
 * is read as a formula by spreadsheets, so it is prefixed with a quote (OWASP's CSV injection). */
const CSV_OPTIONS = { columns: [...CSV_COLUMNS], escape_formulas: true };

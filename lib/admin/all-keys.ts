// All keys (/admin/keys), the credential report: every key of every user with its owner, API
// sets, dates, last use and status, filterable by status, owner and API set, and exported as
// CSV. Never a secret or its hash. Holders of "Manage user API keys" only.
//
// The export streams: keys are read in batches along the primary key (a keyset, never an
// OFFSET), each batch turned into CSV rows by csv-stringify and sent before the next is read,
// so memory stays flat whatever the number of keys.
import { stringify } from "csv-stringify";
import { z } from "zod";
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { db, type Prisma, transaction } from "../db/client";
import { API_SET_CODES, apiSetLabel, parseApiSets } from "../keys/api-sets";
import { KEY_STATUS_LABEL, type KeyStatus, keyStatus, keyStatusWhere } from "../keys/status";
import { type Page, pageWindow, toPage } from "../pagination";
import { emailSchema } from "../users/normalize";

const PAGE_SIZE = 50;
const COUNT_CAP = 10_000;
const EXPORT_BATCH = 5_000;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const KEY_STATUS_OPTIONS = (Object.keys(KEY_STATUS_LABEL) as KeyStatus[]).map((value) => ({
  value,
  label: KEY_STATUS_LABEL[value],
}));

export const allKeysFiltersSchema = z.object({
  status: z.preprocess(
    blankToUndefined,
    z.enum(["active", "replaced", "expired", "revoked"], { error: "Choose a status from the list." }).optional(),
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

const exportSelect = { ...rowSelect, user: undefined, userId: true } satisfies Prisma.ApiKeySelect;

async function* allKeyRows(filters: AllKeysFilters, now: Date): AsyncGenerator<AllKeysRow[]> {
  const where = allKeysWhere(filters, now);
  // Owners are read once per batch for the batch's new owners (Prisma would read them with every
  // batch's relation query and join them in JavaScript).
  const owners = new Map<string, AllKeysRow["owner"]>();
  let after: string | undefined;
  for (;;) {
    const batch = await db.apiKey.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: EXPORT_BATCH,
      select: exportSelect,
    });
    if (batch.length === 0) return;
    const missing = [...new Set(batch.map((k) => k.userId))].filter((id) => !owners.has(id));
    if (missing.length > 0) {
      if (owners.size > 50_000) owners.clear(); // bounded: memory stays flat on any data
      for (const u of await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, name: true, email: true } }))
        owners.set(u.id, u);
    }
    yield batch.flatMap((k) => {
      const user = owners.get(k.userId);
      return user ? [toRow({ ...k, user }, now)] : []; // an owner deleted meanwhile takes their keys along
    });
    if (batch.length < EXPORT_BATCH) return;
    after = batch[batch.length - 1].id;
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? "";

/**
 * The report as a stream of CSV text (UTF-8, a header row, RFC 4180 quoting). Cells that a
 * spreadsheet would run as a formula are prefixed with a quote.
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
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS], cast: { string: neutraliseFormula } });
  const rows = allKeyRows(filters, now);
  const encoder = new TextEncoder();
  let pending = "";
  csv.on("data", (chunk: Buffer | string) => {
    pending += chunk.toString();
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) {
        await new Promise<void>((resolve, reject) => {
          csv.once("end", resolve);
          csv.once("error", reject);
          csv.end();
        });
      } else {
        for (const r of next.value) {
          csv.write([
            r.owner.name,
            r.owner.email,
            r.name,
            r.clientId,
            r.apiSets.map(apiSetLabel).join("; "),
            iso(r.createdAt),
            iso(r.expiresAt),
            iso(r.lastUsedAt),
            r.lastUsedIp ?? "",
            KEY_STATUS_LABEL[r.status],
          ]);
        }
        // csv-stringify transforms synchronously on write; let its readable side flush.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (pending) {
        controller.enqueue(encoder.encode(pending));
        pending = "";
      }
      if (next.done) controller.close();
    },
    async cancel() {
      await rows.return(undefined);
      csv.destroy();
    },
  });
}

/** Text beginning with = + - @ (or a tab or return) is read as a formula by spreadsheets. */
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

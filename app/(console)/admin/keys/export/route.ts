// GET /admin/keys/export – the credential report as CSV (the same filters as the page), streamed.
// Signed-in holders of "Manage user API keys" only; checked here, on the server.
import { type AllKeysFilters, allKeysFiltersSchema, exportAllKeysCsv } from "@/lib/admin/all-keys";
import { hasAuthority } from "@/lib/auth/actor";
import { requestMeta } from "@/lib/auth/request-meta";
import { currentActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const actor = await currentActor();
  if (!actor) return plain(401, "Sign in to export keys.");
  if (!hasAuthority(actor, "keys:manage")) return plain(403, "You need the Manage user API keys authority to export keys.");
  const params = new URL(request.url).searchParams;
  const parsed = allKeysFiltersSchema.safeParse({
    status: params.get("status") ?? undefined,
    owner: params.get("owner") ?? undefined,
    apiSet: params.get("apiSet") ?? undefined,
  });
  if (!parsed.success) return plain(400, parsed.error.issues.map((i) => i.message).join(" "));
  const filters: AllKeysFilters = parsed.data;
  const now = new Date();
  const body = await exportAllKeysCsv(actor, filters, await requestMeta(), now);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="keydesk-keys-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

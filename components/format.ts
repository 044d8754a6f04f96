// Dates are shown in UTC with the zone named, so the server's HTML and the browser agree and
// nobody wonders which clock a timestamp is on.
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "-";
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().slice(0, 10) : "-";
}

/** Time from `nowIso` to `untilIso` in hours and minutes: "23 h 5 min left", "40 min left", "ended". */
export function timeLeft(untilIso: string, nowIso: string): string {
  const minutes = Math.floor((new Date(untilIso).getTime() - new Date(nowIso).getTime()) / 60_000);
  if (minutes <= 0) return "ended";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min left` : `${Math.max(1, m)} min left`;
}

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

// Audit events as a table: the administrators' log and each user's own activity tab.
import Link from "next/link";
import { TableRegion } from "@/components/ui/table-region";
import type { AuditRow } from "@/lib/audit/list-audit";
import { formatDateTime } from "../format";

type Props = {
  rows: AuditRow[];
  caption: string;
  emptyText: string;
  /** The signed-in user, shown as "You". */
  selfId?: string;
  /** Link people to their account page (administrators only). */
  linkPeople?: boolean;
};

function PersonCell({
  person,
  id,
  selfId,
  link,
  fallback,
}: {
  person: AuditRow["actor"];
  id: string | null;
  selfId?: string;
  link?: boolean;
  fallback: string;
}) {
  if (!id) return <span className="text-ink-muted">{fallback}</span>;
  if (id === selfId) return <>You</>;
  if (!person) return <span className="font-mono text-xs">{id}</span>;
  return (
    <>
      {link ? (
        <Link href={`/admin/users/${person.id}`} className="text-brand-700 underline-offset-2 hover:underline">
          {person.name}
        </Link>
      ) : (
        person.name
      )}
      {person.email ? <span className="block text-xs text-ink-muted">{person.email}</span> : null}
    </>
  );
}

export function AuditTable({ rows, caption, emptyText, selfId, linkPeople }: Props) {
  if (rows.length === 0) {
    return <p className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">{emptyText}</p>;
  }
  return (
    <TableRegion label={caption}>
      <table className="min-w-full divide-y divide-line-soft text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
          <tr>
            {["Time", "Actor", "Action", "Target user", "Key", "From"].map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line-soft">
          {rows.map((row) => (
            <tr key={row.id} data-action={row.action}>
              <td className="whitespace-nowrap px-3 py-2">
                <time dateTime={row.at}>{formatDateTime(row.at)}</time>
              </td>
              <td className="px-3 py-2">
                <PersonCell person={row.actor} id={row.actorId} selfId={selfId} link={linkPeople} fallback="System" />
              </td>
              <th scope="row" className="min-w-40 max-w-72 px-3 py-2 text-left font-medium">
                {row.actionLabel}
                {row.summary ? <span className="block text-xs font-normal text-ink-soft">{row.summary}</span> : null}
              </th>
              <td className="px-3 py-2">
                <PersonCell person={row.target} id={row.targetUserId} selfId={selfId} link={linkPeople} fallback="-" />
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{row.clientId ?? "-"}</td>
              <td className="max-w-56 px-3 py-2 text-xs">
                <span className="block whitespace-nowrap font-mono">{row.ip ?? "-"}</span>
                {row.userAgent ? (
                  <span className="block truncate text-ink-muted" title={row.userAgent}>
                    {row.userAgent}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

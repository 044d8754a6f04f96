// One endpoint of the API documentation: what it does, what it needs, request and response
// examples, and a curl line.
import type { DocField, DocOperation } from "@/lib/api/docs-model";
import { apiSetLabel } from "@/lib/keys/api-sets";
import { CodeBlock } from "./code-block";
import { EndpointCodeBlock } from "./endpoint-code";
import { InlineCode } from "./inline-code";

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-brand-50 text-brand-800",
  POST: "bg-success-50 text-success-700",
  DELETE: "bg-danger-50 text-danger-700",
};

function Fields({ caption, fields }: { caption: string; fields: DocField[] }) {
  if (fields.length === 0) return null;
  return (
    <div className="overflow-x-auto rounded-md border border-line-soft">
      <table className="min-w-full divide-y divide-line-soft text-sm">
        <caption className="px-3 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">{caption}</caption>
        <thead className="bg-surface-sunken text-left text-xs text-ink-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5">
              Name
            </th>
            <th scope="col" className="px-3 py-1.5">
              Type
            </th>
            <th scope="col" className="px-3 py-1.5">
              Description
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line-soft">
          {fields.map((f) => (
            <tr key={f.name}>
              <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-mono text-xs font-medium">
                {f.name}
                {f.required ? <span className="ml-1 text-danger-700">required</span> : null}
              </th>
              <td className="px-3 py-1.5 font-mono text-xs">{f.type}</td>
              <td className="px-3 py-1.5 text-xs text-ink-soft">
                <InlineCode text={f.description} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OperationSection({ op, endpoint }: { op: DocOperation; endpoint: string }) {
  const titleId = `${op.id}-title`;
  return (
    <article
      id={op.id}
      aria-labelledby={titleId}
      className="space-y-4 rounded-card border border-line-soft bg-surface p-5"
      data-operation={`${op.method} ${op.path}`}
    >
      <header className="space-y-1">
        <h3 id={titleId} className="flex flex-wrap items-center gap-2 text-base font-semibold">
          <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${METHOD_STYLE[op.method] ?? "bg-surface-sunken"}`}>
            {op.method}
          </span>
          <code className="font-mono text-sm">{op.path}</code>
          <span className="font-normal text-ink-soft">{op.summary}</span>
        </h3>
        <p className="text-sm text-ink-soft">
          {op.apiSet ? (
            <>
              Needs the API set <strong className="font-medium text-ink">{apiSetLabel(op.apiSet)}</strong>{" "}
              <code className="font-mono text-xs">{op.apiSet}</code>.
            </>
          ) : (
            "No key needed."
          )}
        </p>
      </header>
      {op.description
        .split("\n\n")
        .filter((p) => p && !p.startsWith("Requires the API set"))
        .map((p) => (
          <p key={p} className="max-w-3xl text-sm text-ink-soft">
            <InlineCode text={p} />
          </p>
        ))}
      <Fields caption="Parameters" fields={op.parameters} />
      {op.body ? (
        <div className="space-y-2">
          {op.body.description ? (
            <p className="max-w-3xl text-sm text-ink-soft">
              <InlineCode text={op.body.description} />
            </p>
          ) : null}
          <Fields caption="Request body (application/json)" fields={op.body.fields} />
          <CodeBlock label={`Request body example: ${op.method} ${op.path}`} code={op.body.example} />
        </div>
      ) : null}
      <EndpointCodeBlock label={`curl: ${op.method} ${op.path}`} code={op.curl} endpoint={endpoint} />
      <div className="space-y-2">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-ink-muted">Responses</h4>
        <ul className="space-y-2">
          {op.responses.map((r) => (
            <li key={r.status} className="text-sm">
              <details open={r.status.startsWith("2")} className="rounded-md border border-line-soft">
                <summary className="cursor-pointer px-3 py-1.5">
                  <span className="font-mono font-semibold">{r.status}</span> <span className="text-ink-soft">{r.description}</span>
                  {r.contentType ? <span className="ml-2 font-mono text-xs text-ink-muted">{r.contentType}</span> : null}
                </summary>
                <div className="space-y-2 p-2">
                  {r.examples.map((e) => (
                    <CodeBlock key={e.title} label={`${op.method} ${op.path} ${r.status}: ${e.title}`} code={e.json} />
                  ))}
                </div>
              </details>
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
}

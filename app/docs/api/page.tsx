// /docs/api – the API documentation: the OpenAPI 3.1 document served at /api/v1/openapi.json
// (generated from the handlers' own zod schemas), rendered with examples for every endpoint and
// curl lines against this Keydesk's API endpoint. Public: it holds nothing secret.
import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/api/app";
import { buildDocsModel, curlLine, type OpenApiDocument } from "@/lib/api/docs-model";
import { apiEndpoint } from "@/lib/api-endpoint";
import { EndpointCodeBlock, EndpointValue } from "./_components/endpoint-code";
import { InlineCode } from "./_components/inline-code";
import { OperationSection } from "./_components/operation-section";

export const metadata: Metadata = { title: "API documentation" };
export const dynamic = "force-dynamic";

export default async function ApiDocsPage() {
  const endpoint = await apiEndpoint();
  const model = buildDocsModel(openApiDocument(endpoint) as unknown as OpenApiDocument);
  const operations = model.groups.flatMap((g) => g.operations);
  const basicExample = curlLine("GET", `${endpoint}/me`, false, null).replace(
    "curl -sS",
    'curl -sS -u "$KEYDESK_CLIENT_ID:$KEYDESK_API_KEY"',
  );

  return (
    <div className="min-h-screen">
      <header className="border-b border-line-soft bg-surface">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4">
          <Link href="/profile/api-keys" className="text-lg font-semibold tracking-tight text-brand-800">
            Keydesk
          </Link>
          <nav aria-label="Main" className="flex items-center gap-4 text-sm">
            <Link href="/profile/api-keys" className="text-ink-soft hover:text-ink">
              API keys
            </Link>
            <a href="/api/v1/openapi.json" className="text-ink-soft hover:text-ink">
              OpenAPI document
            </a>
          </nav>
        </div>
      </header>
      <div className="mx-auto grid max-w-7xl gap-8 px-4 py-8 lg:grid-cols-[14rem_1fr]">
        <nav aria-label="On this page" className="hidden text-sm lg:block">
          <ul className="sticky top-6 space-y-1">
            <li>
              <a href="#overview" className="text-ink-soft hover:text-ink">
                Overview
              </a>
            </li>
            <li>
              <a href="#authentication" className="text-ink-soft hover:text-ink">
                Authentication
              </a>
            </li>
            {model.groups.map((g) => (
              <li key={g.tag}>
                <span className="mt-3 block text-xs font-semibold uppercase tracking-wide text-ink-muted">{g.tag}</span>
                <ul className="mt-1 space-y-1">
                  {g.operations.map((op) => (
                    <li key={op.id}>
                      <a href={`#${op.id}`} className="font-mono text-xs text-ink-soft hover:text-ink">
                        {op.method} {op.path}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            <li className="pt-3">
              <a href="#errors" className="text-ink-soft hover:text-ink">
                Errors
              </a>
            </li>
            <li>
              <a href="#api-sets" className="text-ink-soft hover:text-ink">
                API sets
              </a>
            </li>
          </ul>
        </nav>

        <main className="min-w-0 space-y-10">
          <section id="overview" aria-labelledby="overview-title" className="space-y-3">
            <h1 id="overview-title" className="text-2xl font-semibold tracking-tight">
              {model.title} <span className="text-base font-normal text-ink-muted">v{model.version}</span>
            </h1>
            <p className="max-w-3xl text-sm text-ink-soft">
              <InlineCode text={model.description} />
            </p>
            <div className="rounded-card border border-line-soft bg-surface p-4">
              <p className="text-sm font-medium" id="endpoint-label">
                API endpoint
              </p>
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <EndpointValue endpoint={endpoint} />
              </div>
              <p className="mt-2 text-xs text-ink-muted">
                {operations.length} endpoints. Every example below uses this endpoint; put your secret key in{" "}
                <code className="font-mono">KEYDESK_API_KEY</code> first.
              </p>
            </div>
          </section>

          <section id="authentication" aria-labelledby="auth-title" className="space-y-3">
            <h2 id="auth-title" className="text-xl font-semibold">
              Authentication
            </h2>
            <p className="max-w-3xl text-sm text-ink-soft">
              Send your secret key (the whole <code className="font-mono">kdk_…</code> string) as a Bearer token, or use HTTP Basic with the
              key&apos;s client ID as user name and the secret key as password. Cookies are never accepted. A key works only while it is
              active, its owner&apos;s API access is on, and it carries the API set the endpoint names. Repeated failed attempts from one
              address are answered with <code className="font-mono">429</code> and <code className="font-mono">Retry-After</code>.
            </p>
            <EndpointCodeBlock
              label="Bearer"
              endpoint={endpoint}
              code={`export KEYDESK_API_KEY='kdk_…'\n${curlLine("GET", `${endpoint}/me`, true, null)}`}
            />
            <EndpointCodeBlock label="HTTP Basic" endpoint={endpoint} code={basicExample} />
          </section>

          {model.groups.map((group) => (
            <section key={group.tag} aria-labelledby={`tag-${group.tag}`} className="space-y-6">
              <div>
                <h2 id={`tag-${group.tag}`} className="text-xl font-semibold">
                  {group.tag}
                </h2>
                {group.description ? <p className="text-sm text-ink-muted">{group.description}</p> : null}
              </div>
              {group.operations.map((op) => (
                <OperationSection key={op.id} op={op} endpoint={endpoint} />
              ))}
            </section>
          ))}

          <section id="errors" aria-labelledby="errors-title" className="space-y-3">
            <h2 id="errors-title" className="text-xl font-semibold">
              Errors
            </h2>
            <p className="max-w-3xl text-sm text-ink-soft">
              Every error is an RFC 9457 problem (<code className="font-mono">application/problem+json</code>) with{" "}
              <code className="font-mono">type</code>, <code className="font-mono">title</code>, <code className="font-mono">status</code>,{" "}
              <code className="font-mono">detail</code> and a stable <code className="font-mono">code</code> to branch on. 401 answers carry{" "}
              <code className="font-mono">WWW-Authenticate</code>.
            </p>
            <div className="overflow-x-auto rounded-card border border-line-soft bg-surface">
              <table className="min-w-full divide-y divide-line-soft text-sm">
                <caption className="sr-only">Error codes</caption>
                <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
                  <tr>
                    <th scope="col" className="px-3 py-2">
                      Code
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Status
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Meaning
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-line-soft">
                  {model.errors.map((e) => (
                    <tr key={e.code} id={`error-${e.code}`}>
                      <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-mono text-xs font-medium">
                        {e.code}
                      </th>
                      <td className="px-3 py-2">{e.status}</td>
                      <td className="px-3 py-2">{e.meaning}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section id="api-sets" aria-labelledby="sets-title" className="space-y-3">
            <h2 id="sets-title" className="text-xl font-semibold">
              API sets
            </h2>
            <p className="max-w-3xl text-sm text-ink-soft">
              A key carries the API sets chosen when it was issued; each endpoint names the one it needs. A key issued through the API
              cannot carry sets its creator lacks.
            </p>
            <ul className="grid gap-2 sm:grid-cols-2">
              {model.apiSets.map((s) => (
                <li key={s.code} className="rounded-card border border-line-soft bg-surface p-3 text-sm">
                  <span className="font-medium">{s.label}</span> <code className="font-mono text-xs text-ink-muted">{s.code}</code>
                  <span className="mt-1 block text-ink-muted">{s.description}</span>
                </li>
              ))}
            </ul>
          </section>
        </main>
      </div>
    </div>
  );
}

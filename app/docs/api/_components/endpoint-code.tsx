"use client";
// The parts of the documentation that name this Keydesk's endpoint: absolute in the browser
// (resolved against the page's own address when configuration gives a bare path).
import { CopyButton } from "@/components/ui/copy-button";
import { useAbsoluteEndpoint } from "@/components/use-absolute-endpoint";
import { withAbsoluteEndpoint } from "@/lib/api/endpoint";
import { CodeBlock } from "./code-block";

/** A code sample whose curl URLs start with `endpoint`. */
export function EndpointCodeBlock({ label, code, endpoint }: { label: string; code: string; endpoint: string }) {
  const absolute = useAbsoluteEndpoint(endpoint);
  return <CodeBlock label={label} code={withAbsoluteEndpoint(code, endpoint, absolute)} />;
}

export function EndpointValue({ endpoint }: { endpoint: string }) {
  const absolute = useAbsoluteEndpoint(endpoint);
  return (
    <>
      <code className="min-w-0 flex-1 break-all rounded-md bg-surface-sunken px-3 py-2 font-mono text-sm">{absolute}</code>
      <CopyButton value={absolute} what="API endpoint" />
    </>
  );
}

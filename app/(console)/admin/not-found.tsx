import Link from "next/link";

// 404 inside the administration pages (e.g. a user id that does not exist).
export default function AdminNotFound() {
  return (
    <section aria-labelledby="not-found-title" className="rounded-card border border-line-soft bg-surface p-6">
      <h1 id="not-found-title" className="text-2xl font-semibold tracking-tight">
        Not found
      </h1>
      <p className="mt-2 text-sm text-ink-soft">There is nothing at this address. It may have been deleted, or the link is wrong.</p>
      <p className="mt-4 text-sm">
        <Link href="/admin" className="text-brand-700 underline underline-offset-2">
          Back to administration
        </Link>
      </p>
    </section>
  );
}

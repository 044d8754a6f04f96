import Link from "next/link";

// 403 for administration pages opened by someone without the authority (checked on the server).
export default function AdminForbidden() {
  return (
    <section aria-labelledby="forbidden-title" className="rounded-card border border-line-soft bg-surface p-6">
      <h1 id="forbidden-title" className="text-2xl font-semibold tracking-tight">
        You cannot open this page
      </h1>
      <p className="mt-2 text-sm text-ink-soft">You do not have the right permissions; ask an administrator.</p>
      <p className="mt-4 text-sm">
        <Link href="/profile" className="text-brand-700 underline underline-offset-2">
          Go to your profile
        </Link>
      </p>
    </section>
  );
}

import type { Metadata } from "next";
import { formatDateTime } from "@/components/format";
import { requireActor } from "@/lib/auth/session";
import { getProfile } from "@/lib/users/get-profile";
import { ChangePassword } from "./_components/change-password";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfileOverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor("/profile");
  const profile = await getProfile(actor.id);
  const changed = (await searchParams).password === "changed";
  const rows: [string, string][] = [
    ["Name", profile.name],
    ["Email", profile.email],
    ["Roles", actor.roles.map((r) => r.name).join(", ") || "None"],
    ["API access", profile.apiAccess ? "On" : "Off"],
    ["Member since", formatDateTime(profile.createdAt)],
    [
      "Last sign-in",
      profile.lastSignInAt
        ? `${formatDateTime(profile.lastSignInAt)}${profile.lastSignInIp ? ` from ${profile.lastSignInIp}` : ""}`
        : "Never",
    ],
  ];
  return (
    <>
      <section aria-labelledby="overview-title" className="rounded-card border border-line-soft bg-surface p-6">
        <h2 id="overview-title" className="text-lg font-semibold">
          Overview
        </h2>
        <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
          {rows.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-ink-muted">{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ChangePassword changed={changed} />
    </>
  );
}

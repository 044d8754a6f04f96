import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClearKeysButton } from "@/components/admin/clear-keys-button";
import { Badge } from "@/components/admin/page-header";
import { formatDateTime } from "@/components/format";
import { apiEndpoint } from "@/lib/api-endpoint";
import { hasAuthority } from "@/lib/auth/actor";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { listSessions } from "@/lib/auth/sessions";
import { isKeydeskError } from "@/lib/errors";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { canGrant } from "@/lib/roles/grant";
import { roleOptions } from "@/lib/roles/list-roles";
import { getUserAccount } from "@/lib/users/get-user-account";
import { listWebhooks } from "@/lib/webhooks/subscriptions";
import { issueSettings } from "../../../profile/api-keys/issue-settings";
import { clearApiKeysAction } from "../../api-access/actions";
import { OwnKeyIssuer } from "./_components/own-key-issuer";
import { ProfileActions } from "./_components/profile-actions";
import { UserKeys } from "./_components/user-keys";
import { UserRolesForm } from "./_components/user-roles-form";
import { UserSessions } from "./_components/user-sessions";
import { UserWebhooks } from "./_components/user-webhooks";

export const metadata: Metadata = { title: "User account details" };

// GET /admin/users/[id] – one user's profile, roles, API keys and webhooks.
export default async function UserAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageAuthority(`/admin/users/${encodeURIComponent(id)}`, ["users:manage", "keys:manage"]);
  const user = await getUserAccount(actor, id).catch((error: unknown) => {
    if (isKeydeskError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const manageUsers = hasAuthority(actor, "users:manage");
  const manageKeys = hasAuthority(actor, "keys:manage");
  const now = new Date();
  // Seed 003: your own account page offers Generate key (for yourself; nobody issues for others).
  const isSelf = user.id === actor.id;
  const issuesOwnKeys = isSelf && manageKeys && hasAuthority(actor, "keys:use");
  const [keys, roles, webhooks, sessions, ownIssue, endpoint] = await Promise.all([
    manageKeys ? listApiKeys(user.id, now) : [],
    manageUsers ? roleOptions() : [],
    manageKeys ? listWebhooks(user.id, now) : [],
    manageUsers ? listSessions(user.id, actor.sessionId ?? null, now) : [],
    issuesOwnKeys ? issueSettings(actor.id, now) : null,
    issuesOwnKeys ? apiEndpoint() : "",
  ]);
  const activeKeys = keys.filter((k) => k.status === "active").length;
  const userCanBeManaged = canGrant(actor, { id: "", authorities: user.roles.flatMap((r) => r.authorities).join(" ") });

  const facts: [string, React.ReactNode][] = [
    ["Name", user.name],
    ["Email", user.email],
    [
      "Status",
      user.disabled ? (
        <Badge key="status" tone="danger">
          Disabled
        </Badge>
      ) : (
        <Badge key="status" tone="success">
          Active
        </Badge>
      ),
    ],
    ["API access", user.apiAccess ? "On" : "Off"],
    ["Created", formatDateTime(user.createdAt)],
    [
      "Last sign-in",
      user.lastSignInAt ? `${formatDateTime(user.lastSignInAt)}${user.lastSignInIp ? ` from ${user.lastSignInIp}` : ""}` : "Never",
    ],
  ];

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href={manageUsers ? "/admin/users" : "/admin/api-access"} className="text-brand-700 underline-offset-2 hover:underline">
            ← {manageUsers ? "Users" : "API management"}
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">User account details</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {user.name} · {user.email}
        </p>
      </div>

      <section aria-labelledby="profile-title" className="rounded-card border border-line-soft bg-surface p-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h2 id="profile-title" className="text-lg font-semibold">
            Profile
          </h2>
          {manageUsers && userCanBeManaged ? (
            <ProfileActions
              user={{ id: user.id, name: user.name, email: user.email, disabled: user.disabled }}
              isSelf={user.id === actor.id}
            />
          ) : null}
        </div>
        <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-ink-muted">{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {hasAuthority(actor, "audit:view") ? (
          <p className="mt-4 text-sm">
            <Link href={`/admin/audit?target=${encodeURIComponent(user.id)}`} className="text-brand-700 underline underline-offset-2">
              Audit events about this user
            </Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="roles-title" className="rounded-card border border-line-soft bg-surface p-6">
        <h2 id="roles-title" className="text-lg font-semibold">
          Roles
        </h2>
        {manageUsers && userCanBeManaged ? (
          <UserRolesForm
            userId={user.id}
            current={user.roles.map((r) => r.id)}
            roles={roles.map((r) => ({ ...r, grantable: canGrant(actor, { id: r.id, authorities: r.authorities.join(" ") }) }))}
          />
        ) : (
          <p className="mt-2 text-sm">
            {user.roles.map((r) => r.name).join(", ") || "No roles."}
            {manageUsers ? (
              <span className="block text-xs text-ink-muted">This user holds rights you do not hold, so you cannot change them.</span>
            ) : null}
          </p>
        )}
      </section>

      {manageUsers ? (
        <UserSessions
          user={{ id: user.id, name: user.name }}
          sessions={sessions.map((s) => ({ browser: s.browser, ip: s.ip, lastSeenAt: s.lastSeenAt.toISOString() }))}
          canEnd={userCanBeManaged}
        />
      ) : null}

      {manageKeys ? (
        <section id="user-keys" aria-labelledby="user-keys-title" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="user-keys-title" tabIndex={-1} className="text-lg font-semibold focus:outline-none">
                API keys
              </h2>
              <p className="text-sm text-ink-muted">
                {activeKeys} active {activeKeys === 1 ? "key" : "keys"}; API access is {user.apiAccess ? "on" : "off"}. Keydesk never stores
                secrets, so none can be shown.{" "}
                {isSelf ? "You can issue keys for yourself here or on your Profile." : `Only ${user.name} can issue keys for this account.`}
              </p>
            </div>
            <div className="flex flex-wrap items-start gap-2">
              {ownIssue ? <OwnKeyIssuer apiAccess={user.apiAccess} endpoint={endpoint} settings={ownIssue} /> : null}
              <ClearKeysButton
                user={{ id: user.id, name: user.name, email: user.email }}
                activeKeys={activeKeys}
                apiAccess={user.apiAccess}
                clear={clearApiKeysAction}
                size="md"
              />
            </div>
          </div>
          <UserKeys userId={user.id} keys={keys} now={now.toISOString()} />
        </section>
      ) : null}

      {manageKeys ? (
        <section aria-labelledby="user-webhooks-title" id="webhooks" className="space-y-3">
          <div>
            <h2 id="user-webhooks-title" tabIndex={-1} className="text-lg font-semibold focus:outline-none">
              Webhooks
            </h2>
            <p className="text-sm text-ink-muted">
              Where Keydesk sends {user.name}&apos;s key and API access events. Signing secrets are never shown here.
            </p>
          </div>
          <UserWebhooks userId={user.id} userName={user.name} webhooks={webhooks} />
        </section>
      ) : null}
    </div>
  );
}

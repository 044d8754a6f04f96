import type { ReactNode } from "react";
import { TabNav } from "@/components/tab-nav";

export default function ProfileLayout({ children }: { children: ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Profile</h1>
      <TabNav
        label="Profile sections"
        tabs={[
          { href: "/profile", label: "Overview" },
          { href: "/profile/api-keys", label: "API keys" },
          { href: "/profile/webhooks", label: "Webhooks" },
          { href: "/profile/activity", label: "Activity" },
          { href: "/profile/sessions", label: "Sessions" },
        ]}
      />
      <div className="mt-6">{children}</div>
    </div>
  );
}

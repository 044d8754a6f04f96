import { forbidden, redirect } from "next/navigation";
import { adminPagesFor } from "@/lib/admin/pages";
import { requireActor } from "@/lib/auth/session";

// /admin opens the first administration page the user may use.
export default async function AdminIndex() {
  const actor = await requireActor("/admin");
  const first = adminPagesFor(actor.authorities)[0];
  if (!first) forbidden();
  redirect(first.href);
}

// The user an administrator acts on, read inside the acting transaction.
import type { Tx } from "../db/client";
import { notFound } from "../errors";

export async function loadTargetUser(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      disabled: true,
      roles: { select: { role: { select: { id: true, name: true, authorities: true } } } },
    },
  });
  if (!user) throw notFound("The user");
  return { ...user, roles: user.roles.map((r) => r.role) };
}

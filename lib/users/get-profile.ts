import { db } from "../db/client";
import { notFound } from "../errors";

export async function getProfile(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { name: true, email: true, apiAccess: true, createdAt: true, lastSignInAt: true, lastSignInIp: true },
  });
  if (!user) throw notFound("The user");
  return {
    ...user,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}

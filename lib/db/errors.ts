// Recognising database refusals Prisma reports with stable codes.

/** A unique constraint refused the write (e.g. two requests creating the same email at once). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

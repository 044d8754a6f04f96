-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "deactivatedById" TEXT,
ADD COLUMN     "ipAllowlist" TEXT NOT NULL DEFAULT '';


-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "leakUrl" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "rateLimitRequests" INTEGER;
ALTER TABLE "ApiKey" ADD COLUMN "rateLimitWindowSeconds" INTEGER;

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN "defaultRateLimitRequests" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "defaultRateLimitWindowSeconds" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "maxRateLimitPerMinute" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "revokeUnusedAfterDays" INTEGER;


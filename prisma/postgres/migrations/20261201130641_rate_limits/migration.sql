-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "leakUrl" TEXT,
ADD COLUMN     "rateLimitRequests" INTEGER,
ADD COLUMN     "rateLimitWindowSeconds" INTEGER;

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "defaultRateLimitRequests" INTEGER,
ADD COLUMN     "defaultRateLimitWindowSeconds" INTEGER,
ADD COLUMN     "maxRateLimitPerMinute" INTEGER,
ADD COLUMN     "revokeUnusedAfterDays" INTEGER;


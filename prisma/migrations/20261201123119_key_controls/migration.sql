-- Key controls: deactivation and the IP allowlist. Added columns only (no table rebuild), so
-- this migration commutes with other additive changes to "ApiKey".
ALTER TABLE "ApiKey" ADD COLUMN "deactivatedAt" DATETIME;
ALTER TABLE "ApiKey" ADD COLUMN "deactivatedById" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "ipAllowlist" TEXT NOT NULL DEFAULT '';

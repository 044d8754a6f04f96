-- Key controls: deactivation and the IP allowlist. Added columns only (no table rebuild), so
-- this migration commutes with other additive changes to "ApiKey".
ALTER TABLE "ApiKey" ADD COLUMN "deactivatedAt" DATETIME;
ALTER TABLE "ApiKey" ADD COLUMN "deactivatedById" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "ipAllowlist" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "ApiKeyRefusal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "keyId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "ip" TEXT,
    "code" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    CONSTRAINT "ApiKeyRefusal_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ApiKeyRefusal_keyId_at_idx" ON "ApiKeyRefusal"("keyId", "at");

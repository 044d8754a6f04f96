-- DropIndex
DROP INDEX "User_searchText_idx";

-- DropIndex
DROP INDEX "User_createdAt_idx";

-- DropIndex
DROP INDEX "AuditEvent_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_actorId_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_targetUserId_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_action_at_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Role" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "authorities" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Role" ("authorities", "builtIn", "createdAt", "description", "id", "name", "updatedAt") SELECT "authorities", "builtIn", "createdAt", "description", "id", "name", "updatedAt" FROM "Role";
-- Data: existing roles get their case-insensitive key before the unique index is built.
UPDATE "new_Role" SET "nameKey" = lower("name");
DROP TABLE "Role";
ALTER TABLE "new_Role" RENAME TO "Role";
CREATE UNIQUE INDEX "Role_name_key" ON "Role"("name");
CREATE UNIQUE INDEX "Role_nameKey_key" ON "Role"("nameKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "User_createdAt_id_searchText_idx" ON "User"("createdAt", "id", "searchText");

-- CreateIndex
CREATE INDEX "User_apiAccess_createdAt_id_idx" ON "User"("apiAccess", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ApiKey_userId_revokedAt_expiresAt_idx" ON "ApiKey"("userId", "revokedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "ApiKey_lastUsedAt_idx" ON "ApiKey"("lastUsedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_id_idx" ON "AuditEvent"("actorId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_targetUserId_at_id_idx" ON "AuditEvent"("targetUserId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_id_idx" ON "AuditEvent"("action", "at", "id");


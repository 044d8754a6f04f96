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


-- Added by hand (Prisma cannot express an index on an expression): role names are unique
-- regardless of case. lib/roles/change-roles.ts checks first and gives the form its message; this
-- index settles two simultaneous requests.
CREATE UNIQUE INDEX "Role_name_lower_key" ON "Role"(lower("name"));

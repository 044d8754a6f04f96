-- CreateTable
CREATE TABLE "WebhookSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "disabledById" TEXT,
    "disabledAt" DATETIME,
    "expiringDays" INTEGER NOT NULL DEFAULT 7,
    "secretCipher" TEXT NOT NULL,
    "previousSecretCipher" TEXT,
    "previousSecretUntil" DATETIME,
    "failingSince" DATETIME,
    "lastDeliveryAt" DATETIME,
    "lastDeliveryStatus" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAttemptAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "retryUntil" DATETIME NOT NULL,
    "deliveredAt" DATETIME,
    "failedAt" DATETIME,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "dedupeKey" TEXT,
    CONSTRAINT "WebhookEvent_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    "response" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "WebhookAttempt_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookAttempt_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "WebhookEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Policy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "maxActiveKeys" INTEGER NOT NULL DEFAULT 3,
    "maxLifetimeDays" INTEGER NOT NULL DEFAULT 365,
    "defaultLifetimeDays" INTEGER NOT NULL DEFAULT 90,
    "maxWebhooks" INTEGER NOT NULL DEFAULT 10,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Policy" ("defaultLifetimeDays", "id", "maxActiveKeys", "maxLifetimeDays", "updatedAt") SELECT "defaultLifetimeDays", "id", "maxActiveKeys", "maxLifetimeDays", "updatedAt" FROM "Policy";
DROP TABLE "Policy";
ALTER TABLE "new_Policy" RENAME TO "Policy";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "WebhookSubscription_userId_createdAt_idx" ON "WebhookSubscription"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_deliveredAt_failedAt_nextAttemptAt_idx" ON "WebhookEvent"("deliveredAt", "failedAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_subscriptionId_seq_key" ON "WebhookEvent"("subscriptionId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_subscriptionId_dedupeKey_key" ON "WebhookEvent"("subscriptionId", "dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookAttempt_subscriptionId_at_idx" ON "WebhookAttempt"("subscriptionId", "at");

-- CreateIndex
CREATE INDEX "WebhookAttempt_eventId_idx" ON "WebhookAttempt"("eventId");


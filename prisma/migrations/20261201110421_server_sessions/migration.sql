-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignInFailure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accountKey" TEXT NOT NULL,
    "ip" TEXT,
    "deviceId" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchText" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "apiAccess" BOOLEAN NOT NULL DEFAULT false,
    "keysVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastSignInAt" DATETIME,
    "lastSignInIp" TEXT
);
INSERT INTO "new_User" ("apiAccess", "createdAt", "disabled", "email", "id", "keysVersion", "lastSignInAt", "lastSignInIp", "name", "passwordHash", "searchText", "updatedAt") SELECT "apiAccess", "createdAt", "disabled", "email", "id", "keysVersion", "lastSignInAt", "lastSignInIp", "name", "passwordHash", "searchText", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_createdAt_id_searchText_idx" ON "User"("createdAt", "id", "searchText");
CREATE INDEX "User_apiAccess_createdAt_id_idx" ON "User"("apiAccess", "createdAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Session_userId_lastSeenAt_idx" ON "Session"("userId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "SignInFailure_accountKey_at_idx" ON "SignInFailure"("accountKey", "at");

-- CreateIndex
CREATE INDEX "SignInFailure_ip_at_idx" ON "SignInFailure"("ip", "at");

-- CreateIndex
CREATE INDEX "SignInFailure_deviceId_at_idx" ON "SignInFailure"("deviceId", "at");

-- CreateIndex
CREATE INDEX "SignInFailure_at_idx" ON "SignInFailure"("at");


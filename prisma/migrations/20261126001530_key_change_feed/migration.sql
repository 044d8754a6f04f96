-- CreateTable
CREATE TABLE "KeyChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT
);

-- CreateIndex
CREATE INDEX "KeyChange_at_idx" ON "KeyChange"("at");


-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "deactivatedById" TEXT,
ADD COLUMN     "ipAllowlist" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "ApiKeyRefusal" (
    "id" SERIAL NOT NULL,
    "keyId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ip" TEXT,
    "code" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,

    CONSTRAINT "ApiKeyRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiKeyRefusal_keyId_at_idx" ON "ApiKeyRefusal"("keyId", "at");

-- AddForeignKey
ALTER TABLE "ApiKeyRefusal" ADD CONSTRAINT "ApiKeyRefusal_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;


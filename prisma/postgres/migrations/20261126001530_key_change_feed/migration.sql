-- CreateTable
CREATE TABLE "KeyChange" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,

    CONSTRAINT "KeyChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KeyChange_at_idx" ON "KeyChange"("at");


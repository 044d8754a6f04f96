// The audit writer never stores anything shaped like a key, whatever a caller passes it.
import { describe, expect, it } from "vitest";
import { db, transaction } from "../db/client";
import { generateToken } from "../keys/token";
import { writeAudit } from "./write-audit";

describe("writeAudit", () => {
  it("masks key-shaped text in details and the user agent, and still records the event", async () => {
    const { token } = generateToken();
    await transaction((tx) =>
      writeAudit(
        tx,
        { actorId: null, action: "user.updated", details: { name: `old ${token}` } },
        { ip: "192.0.2.1", userAgent: `curl ${token}` },
      ),
    );
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: "user.updated" }, orderBy: { id: "desc" } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.parse(row.details)).toEqual({ name: "old kdk_[redacted]" });
    expect(row.userAgent).toBe("curl kdk_[redacted]");
  });
});

import { describe, expect, it } from "vitest";
import { migrationTimeoutMs, postgresClientConfig, postgresPoolConfig, postgresPoolSizes, statementTimeoutMs } from "./pool";

const URL = "postgresql://keydesk@db.example/keydesk";

describe("PostgreSQL pool sizes", () => {
  it("follow the cores the process may use, within a floor and a ceiling", () => {
    expect(postgresPoolSizes({}, 1)).toEqual({ prisma: 4, reader: 2 });
    expect(postgresPoolSizes({}, 2)).toEqual({ prisma: 4, reader: 2 });
    expect(postgresPoolSizes({}, 3)).toEqual({ prisma: 6, reader: 3 });
    expect(postgresPoolSizes({}, 4)).toEqual({ prisma: 8, reader: 4 });
    expect(postgresPoolSizes({}, 64)).toEqual({ prisma: 10, reader: 4 });
  });

  it("take KEYDESK_PG_POOL_MAX and KEYDESK_PG_READER_POOL_MAX over the derived values", () => {
    expect(postgresPoolSizes({ KEYDESK_PG_POOL_MAX: "25", KEYDESK_PG_READER_POOL_MAX: " 1 " }, 2)).toEqual({ prisma: 25, reader: 1 });
    expect(postgresPoolConfig(URL, "reader", { KEYDESK_PG_READER_POOL_MAX: "7" }).max).toBe(7);
  });

  it("refuse a variable that is not a positive whole number, naming it", () => {
    for (const bad of ["0", "-3", "2.5", "ten"]) {
      expect(() => postgresPoolSizes({ KEYDESK_PG_POOL_MAX: bad }, 2)).toThrow(/^KEYDESK_PG_POOL_MAX must be a whole number/);
    }
    expect(() => postgresPoolSizes({ KEYDESK_PG_READER_POOL_MAX: "many" }, 2)).toThrow(/^KEYDESK_PG_READER_POOL_MAX/);
  });
});

describe("PostgreSQL connection limits", () => {
  it("put a statement timeout and an idle-in-transaction timeout on every connection", () => {
    for (const config of [
      postgresPoolConfig(URL, "prisma", {}),
      postgresPoolConfig(URL, "reader", {}),
      postgresClientConfig(URL, { env: {} }),
    ]) {
      expect(config.statement_timeout).toBe(15_000);
      expect(config.idle_in_transaction_session_timeout).toBe(60_000);
      expect(config.connectionTimeoutMillis).toBe(10_000);
    }
    expect(postgresPoolConfig(URL, "prisma", {}).application_name).toBe("keydesk");
    expect(postgresPoolConfig(URL, "reader", {}).application_name).toBe("keydesk-api");
  });

  it("read the timeouts from the environment, 0 switching the statement limit off", () => {
    expect(statementTimeoutMs({ KEYDESK_PG_STATEMENT_TIMEOUT_MS: "2500" })).toBe(2500);
    expect(statementTimeoutMs({ KEYDESK_PG_STATEMENT_TIMEOUT_MS: "0" })).toBe(0);
    expect(() => statementTimeoutMs({ KEYDESK_PG_STATEMENT_TIMEOUT_MS: "soon" })).toThrow(/KEYDESK_PG_STATEMENT_TIMEOUT_MS/);
    expect(migrationTimeoutMs({})).toBe(600_000);
    expect(
      postgresClientConfig(URL, { statementTimeoutMs: migrationTimeoutMs({ KEYDESK_PG_MIGRATION_TIMEOUT_MS: "90000" }) }).statement_timeout,
    ).toBe(90_000);
  });
});

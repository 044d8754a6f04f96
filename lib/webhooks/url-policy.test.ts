import { describe, expect, it } from "vitest";
import { postWebhook } from "./deliver";
import { addressRefusal, checkWebhookUrl, parseWebhookUrl, type Resolver } from "./url-policy";

const resolving =
  (map: Record<string, string[]>): Resolver =>
  async (host) => {
    const found = map[host];
    if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return found;
  };

describe("addressRefusal", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["10.1.2.3", /private/],
    ["172.16.0.9", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /link-local/],
    ["100.100.100.200", /carrier-grade/],
    ["0.0.0.0", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["::1", /loopback/],
    ["fe80::1", /link-local/],
    ["fd00:ec2::254", /unique-local/],
    ["::ffff:10.0.0.1", /private/],
    ["::ffff:127.0.0.1", /loopback/],
    ["64:ff9b::a00:1", /reserved/],
    ["2002:a00:1::", /reserved/],
  ])("refuses %s", (address, reason) => {
    expect(addressRefusal(address, false)).toMatch(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])("allows the public address %s", (address) => {
    expect(addressRefusal(address, false)).toBeNull();
  });

  it("allows loopback only when local webhooks are allowed, and never private ranges", () => {
    expect(addressRefusal("127.0.0.1", true)).toBeNull();
    expect(addressRefusal("::1", true)).toBeNull();
    expect(addressRefusal("10.0.0.1", true)).toMatch(/private/);
    expect(addressRefusal("169.254.169.254", true)).toMatch(/link-local/);
  });
});

describe("checkWebhookUrl", () => {
  const policy = {
    allowLocal: false,
    resolve: resolving({
      "hooks.example.com": ["93.184.216.34"],
      "internal.example.com": ["93.184.216.34", "192.168.1.5"],
      "v6.example.com": ["fd12::1"],
    }),
  };

  it("accepts https to a public host", async () => {
    await expect(checkWebhookUrl("https://hooks.example.com/keydesk?x=1", policy)).resolves.toBe("https://hooks.example.com/keydesk?x=1");
  });

  it.each([
    ["http://hooks.example.com/", /https/],
    ["ftp://hooks.example.com/", /https/],
    ["not a url", /full URL/],
    ["https://user:pw@hooks.example.com/", /user name or password/],
    ["https://10.0.0.1/", /private/],
    ["https://[fd00::1]/", /unique-local/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
    ["https://[::ffff:127.0.0.1]/", /loopback/],
    ["https://2130706433/", /loopback/],
    ["https://internal.example.com/", /resolves to 192.168.1.5/],
    ["https://v6.example.com/", /resolves to fd12::1/],
    ["https://nowhere.example.com/", /could not be resolved/],
  ])("refuses %s", async (url, reason) => {
    await expect(checkWebhookUrl(url, policy)).rejects.toThrow(reason);
  });

  it("refuses localhost through the system resolver", async () => {
    await expect(checkWebhookUrl("https://localhost/", { allowLocal: false })).rejects.toThrow(/loopback/);
  });

  it("allows http only to localhost, and only when local webhooks are allowed", () => {
    expect(() => parseWebhookUrl("http://localhost:4000/hook", false)).toThrow(/https/);
    expect(parseWebhookUrl("http://localhost:4000/hook", true).port).toBe("4000");
    expect(parseWebhookUrl("http://127.0.0.1:4000/hook", true).hostname).toBe("127.0.0.1");
    expect(() => parseWebhookUrl("http://hooks.example.com/", true)).toThrow(/https/);
  });
});

describe("postWebhook", () => {
  it("refuses, at delivery time, a name that now resolves to a private address (DNS rebinding)", async () => {
    const result = await postWebhook(
      "https://hooks.example.com/",
      "{}",
      {},
      {
        allowLocal: false,
        resolve: resolving({ "hooks.example.com": ["10.0.0.7"] }),
      },
    );
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error).toMatch(/Blocked: hooks.example.com resolves to 10.0.0.7/);
  });

  it("refuses an address literal in a blocked range without connecting", async () => {
    const result = await postWebhook("https://[fe80::1]/", "{}", {}, { allowLocal: false });
    expect(result.error).toMatch(/Blocked: fe80::1 is a link-local/);
  });
});

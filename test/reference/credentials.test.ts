// Accounts of the `credentials` option: authentication (0x86), client identifiers (0x87), and
// which topics an account may publish to and subscribe within.
import { describe, expect, it } from "vitest";
import {
  authenticate,
  filterWithin,
  globMatches,
  type AuthenticationResult,
} from "../../brokers/reference/src/auth/credentials.ts";
import { credentialSchema } from "../../brokers/reference/src/config.ts";

const sensor = credentialSchema.parse({
  username: "sensor",
  password: "s3cret",
  clientIds: ["*-sensor"],
  publish: ["+/telemetry/#"],
  subscribe: ["+/commands/+"],
});
const admin = credentialSchema.parse({ username: "admin", password: "root" });

function login(username: string | undefined, password: string | undefined, clientId: string): AuthenticationResult {
  return authenticate([sensor, admin], {
    username,
    password: password === undefined ? undefined : Buffer.from(password),
    clientId,
  });
}

describe("authentication", () => {
  it("accepts everyone when no account is configured", () => {
    expect(authenticate([], { clientId: "anyone" }).accepted).toBe(true);
  });

  it.each([
    ["no credentials", undefined, undefined, 0x86],
    ["an unknown user", "nobody", "s3cret", 0x86],
    ["a wrong password", "sensor", "guess", 0x86],
    ["a client identifier the account may not use", "sensor", "s3cret", 0x87],
  ])("refuses %s", (_case, username, password, reasonCode) => {
    expect(login(username, password, "t1-valve")).toMatchObject({ accepted: false, reasonCode });
  });

  it("accepts a known account with an allowed client identifier", () => {
    expect(login("sensor", "s3cret", "t1-sensor").accepted).toBe(true);
  });
});

describe("permissions", () => {
  const granted = login("sensor", "s3cret", "t1-sensor");
  if (!granted.accepted) throw new Error("the sensor account should be accepted");
  const { permissions } = granted;

  it.each([
    ["t1/telemetry/temp", true],
    ["t1/status/telemetry", false],
    ["t1/commands/open", false],
  ])("publish to %s: %s", (topic, allowed) => {
    expect(permissions.mayPublish(topic)).toBe(allowed);
  });

  it.each([
    ["t1/commands/open", true],
    ["t1/commands/+", true],
    ["t1/commands/#", false],
    ["t1/telemetry/temp", false],
  ])("subscribe to %s: %s", (filter, allowed) => {
    expect(permissions.maySubscribe(filter)).toBe(allowed);
  });

  it("lets an account without topic lists do everything", () => {
    const everything = login("admin", "root", "any");
    expect(
      everything.accepted && everything.permissions.mayPublish("a/b") && everything.permissions.maySubscribe("#"),
    ).toBe(true);
  });
});

describe("patterns", () => {
  it.each([
    ["*-sensor", "t1-sensor", true],
    ["*-sensor", "t1-sensor-2", false],
    ["a.b", "axb", false],
    ["*", "", true],
  ])("glob %s against %s: %s", (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  it.each([
    ["a/#", "a/+/c", true],
    ["a/+", "a/#", false],
    ["a/+", "a/+", true],
    ["a/b", "a/+", false],
    ["a/+/c", "a/b", false],
  ])("filter %s covers %s: %s", (allowed, requested, expected) => {
    expect(filterWithin(allowed, requested)).toBe(expected);
  });
});

// The connection policy: who may connect, with a persistent session (PersistentConnect) and with a
// Will (LastWill) [ATR-01] [ATR-02] [ATR-03].
import type { IConnectPacket } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../brokers/reference/src/config.ts";
import { connectionPolicySchema, policyRefusal } from "../../../brokers/reference/src/policy/connection-policy.ts";

const policy = connectionPolicySchema.parse({
  clients: [
    { clientId: "blocked-*", connect: false },
    { clientId: "gateway-*", connectAttributes: ["PersistentConnect", "LastWill"] },
    { clientId: "sensor-*", connectAttributes: ["LastWill"] },
    { clientId: "display" },
  ],
});

function connect(clientId: string, fields: Partial<IConnectPacket> = {}): IConnectPacket {
  return { cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clean: true, keepalive: 60, clientId, ...fields };
}

const will = { topic: "status", payload: Buffer.from("gone"), qos: 0 as const, retain: false };

describe("policyRefusal", () => {
  it.each([
    {
      name: "no policy allows everything",
      clientId: "anyone",
      packet: { clean: false, will },
      refused: undefined,
      withPolicy: false,
    },
    {
      name: "a client no entry names [ATR-03]",
      clientId: "stranger",
      packet: {},
      refused: /not authorized to connect/,
    },
    {
      name: "an entry with connect: false [ATR-03]",
      clientId: "blocked-7",
      packet: {},
      refused: /not authorized to connect/,
    },
    { name: "a clean session needs no attribute", clientId: "display", packet: {}, refused: undefined },
    {
      name: "cleanSession=0 without PersistentConnect [ATR-01]",
      clientId: "display",
      packet: { clean: false },
      refused: /PersistentConnect/,
    },
    {
      name: "MQTT 5 Session Expiry Interval > 0 without PersistentConnect [ATR-01]",
      clientId: "sensor-1",
      packet: { protocolVersion: 5 as const, clean: false, properties: { sessionExpiryInterval: 60 } },
      refused: /PersistentConnect/,
    },
    {
      name: "MQTT 5 Clean Start=0 with no Session Expiry Interval is not persistent",
      clientId: "sensor-1",
      packet: { protocolVersion: 5 as const, clean: false },
      refused: undefined,
    },
    { name: "a Will without LastWill [ATR-02]", clientId: "display", packet: { will }, refused: /LastWill/ },
    { name: "a Will with LastWill", clientId: "sensor-2", packet: { will }, refused: undefined },
    {
      name: "persistent and a Will with both attributes",
      clientId: "gateway-9",
      packet: { clean: false, will },
      refused: undefined,
    },
    {
      name: "a pattern matches the whole identifier only",
      clientId: "my-sensor-1",
      packet: {},
      refused: /not authorized/,
    },
  ])("$name", ({ clientId, packet, refused, withPolicy = true }) => {
    const refusal = policyRefusal(withPolicy ? policy : undefined, clientId, connect(clientId, packet));
    if (refused) expect(refusal).toMatch(refused);
    else expect(refusal).toBeUndefined();
  });

  it("treats pattern characters other than * literally", () => {
    const literal = connectionPolicySchema.parse({ clients: [{ clientId: "a.b" }] });
    expect(policyRefusal(literal, "a.b", connect("a.b"))).toBeUndefined();
    expect(policyRefusal(literal, "axb", connect("axb"))).toMatch(/not authorized/);
  });

  it("is refused by the configuration when it names an unknown attribute", () => {
    expect(() =>
      resolveConfig({ policy: { clients: [{ clientId: "x", connectAttributes: ["Publish" as "LastWill"] }] } }),
    ).toThrow(/policy\.clients\.0\.connectAttributes/);
  });
});

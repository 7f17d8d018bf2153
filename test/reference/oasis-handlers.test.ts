// The reference broker under its oasis profile, over TCP with the raw driver: QoS 2 as receiver,
// Subscription Identifiers, topic aliases towards a client, SCRAM-SHA-256 enhanced authentication,
// the settings that lower the Maximum QoS and take retained messages away, and a CONNACK kept
// within the client's Maximum Packet Size.
import type { IAuthPacket, IConnackPacket, IPubcompPacket, IPubrecPacket, IPublishPacket, Packet } from "mqtt-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type BrokerOptions, type StartedReferenceBroker } from "../../brokers/reference/src/index.ts";
import { MqttTestClient, type ConnectFields } from "../../support/driver/client.ts";
import { isPublishOn, isSubackFor } from "../../support/driver/predicates.ts";
import { ScramClient } from "../../support/driver/scram.ts";

let broker: StartedReferenceBroker;
let next = 0;
const wait = 1000;

beforeAll(async () => {
  broker = await startBroker({ profile: "oasis" });
});
afterAll(() => broker.stop());

async function open(version: 4 | 5, on: StartedReferenceBroker = broker): Promise<MqttTestClient> {
  return MqttTestClient.open({ host: on.host, port: on.port }, { name: `o${next}`, protocolVersion: version });
}

async function connected(
  version: 4 | 5,
  fields: ConnectFields = {},
  on: StartedReferenceBroker = broker,
): Promise<{ client: MqttTestClient; connack: IConnackPacket }> {
  const client = await open(version, on);
  const connack = await client.connect({ clientId: `oasis-test-${next++}`, ...fields }, wait);
  return { client, connack };
}

async function subscribed(
  client: MqttTestClient,
  topic: string,
  qos: 0 | 1 | 2,
  properties?: { subscriptionIdentifier: number },
): Promise<void> {
  const messageId = client.allocatePacketId();
  client.send({ cmd: "subscribe", messageId, subscriptions: [{ topic, qos }], ...(properties ? { properties } : {}) });
  await client.waitFor("SUBACK", isSubackFor(messageId), wait);
}

/**
 * Sends a PUBLISH of "x" that breaks the rule named (for the log), and returns the reason code of
 * the DISCONNECT with which the broker closes the connection.
 */
async function disconnectCodeFor(
  client: MqttTestClient,
  publish: { topic: string; qos: 0 | 1 | 2; messageId?: number; retain: boolean },
  breaking: string,
): Promise<number | undefined> {
  client.send({ cmd: "publish", payload: Buffer.from("x"), dup: false, ...publish } as IPublishPacket, { breaking });
  return (await client.waitForClose(wait)).disconnect?.reasonCode;
}

/** The reason code of the CONNACK a CONNECT with a Will of "x" on o/w, of this QoS and Retain, gets. */
async function willConnackCode(
  on: StartedReferenceBroker,
  clientId: string,
  will: { qos: 0 | 1 | 2; retain: boolean },
): Promise<number | undefined> {
  const client = await open(5, on);
  return (await client.connect({ clientId, will: { topic: "o/w", payload: Buffer.from("x"), ...will } }, wait))
    .reasonCode;
}

/** Answers the broker's SCRAM challenge with the client's final message: AUTH, Continue Authentication. */
function sendScramFinal(client: MqttTestClient, scram: ScramClient, challenge: IAuthPacket): void {
  client.send({
    cmd: "auth",
    reasonCode: 0x18,
    properties: {
      authenticationMethod: "SCRAM-SHA-256",
      authenticationData: scram.final(challenge.properties!.authenticationData!),
    },
  });
}

const pubrec =
  (id: number) =>
  (packet: Packet): packet is IPubrecPacket =>
    packet.cmd === "pubrec" && packet.messageId === id;
const pubcomp =
  (id: number) =>
  (packet: Packet): packet is IPubcompPacket =>
    packet.cmd === "pubcomp" && packet.messageId === id;
const isAuth = (packet: Packet): packet is IAuthPacket => packet.cmd === "auth";
const isConnack = (packet: Packet): packet is IConnackPacket => packet.cmd === "connack";

describe("under oasis, the CONNACK", () => {
  it("announces no Maximum QoS and no unavailable Subscription Identifiers", async () => {
    const { client, connack } = await connected(5);
    expect(connack.properties?.maximumQoS).toBeUndefined();
    expect(connack.properties?.subscriptionIdentifiersAvailable).toBeUndefined();
    expect(connack.properties?.authenticationMethod).toBeUndefined();
    client.dispose();
  });

  it("leaves out what it can do without to fit a Maximum Packet Size of 16", async () => {
    const { client, connack } = await connected(5, { properties: { maximumPacketSize: 16 } });
    expect(client.packets[0].bytes.length).toBeLessThanOrEqual(16);
    expect(connack.properties).toMatchObject({ topicAliasMaximum: 8, maximumPacketSize: 131072, receiveMaximum: 100 });
    client.dispose();
  });
});

describe("QoS 2 as receiver", () => {
  it(
    "answers PUBREC, routes a repeat before PUBREL only once, " +
      "answers PUBREL with PUBCOMP and frees the identifier",
    async () => {
      const { client: subscriber } = await connected(5);
      await subscribed(subscriber, "o/q2", 2);
      const { client: publisher } = await connected(5);
      const publish = (payload: string, dup: boolean): IPublishPacket => ({
        cmd: "publish",
        topic: "o/q2",
        payload: Buffer.from(payload),
        qos: 2,
        messageId: 9,
        retain: false,
        dup,
      });
      publisher.send(publish("close", false));
      await publisher.waitFor("PUBREC 9", pubrec(9), wait);
      publisher.send(publish("close", true));
      await publisher.waitFor("a second PUBREC 9", pubrec(9), wait);
      publisher.send({ cmd: "pubrel", messageId: 9 });
      expect((await publisher.waitFor("PUBCOMP 9", pubcomp(9), wait)).reasonCode ?? 0).toBe(0);
      publisher.send(publish("open", false));
      publisher.send({ cmd: "pubrel", messageId: 9 });
      await subscriber.waitFor("open", isPublishOn("o/q2", "open"), wait);
      expect(subscriber.matching(isPublishOn("o/q2", "close"))).toHaveLength(1);
      subscriber.dispose();
      publisher.dispose();
    },
  );

  it(
    "answers a PUBREL for an identifier it does not hold with PUBCOMP 0x92 in MQTT 5, " + "PUBCOMP in MQTT 3.1.1",
    async () => {
      const v5 = (await connected(5)).client;
      v5.send({ cmd: "pubrel", messageId: 77 });
      expect((await v5.waitFor("PUBCOMP 77", pubcomp(77), wait)).reasonCode).toBe(0x92);
      const v3 = (await connected(4)).client;
      v3.send({ cmd: "pubrel", messageId: 78 });
      await v3.waitFor("PUBCOMP 78", pubcomp(78), wait);
      v5.dispose();
      v3.dispose();
    },
  );

  it("refuses a QoS 2 PUBLISH above a Maximum QoS of 1 with DISCONNECT 0x9B, and grants QoS 1", async () => {
    const lowered = await startBroker({ profile: "oasis", limits: { maximumQos: 1 } });
    try {
      const { client, connack } = await connected(5, {}, lowered);
      expect(connack.properties?.maximumQoS).toBe(1);
      client.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "o/q", qos: 2 }] });
      expect((await client.waitFor("SUBACK", isSubackFor(1), wait)).granted).toEqual([1]);
      const publish = { topic: "o/q", qos: 2, messageId: 1, retain: false } as const;
      expect(await disconnectCodeFor(client, publish, "QoS 2 above the Maximum QoS")).toBe(0x9b);
      expect(await willConnackCode(lowered, "oasis-will-2", { qos: 2, retain: false })).toBe(0x9b);
    } finally {
      await lowered.stop();
    }
  });

  it(
    "without retained messages refuses a Will Retain with CONNACK 0x9A " +
      "and a retained PUBLISH with DISCONNECT 0x9A",
    async () => {
      const options: BrokerOptions = { profile: "oasis", limits: { retainAvailable: 0 } };
      const plain = await startBroker(options);
      try {
        const { client, connack } = await connected(5, {}, plain);
        expect(connack.properties?.retainAvailable).toBe(false);
        const publish = { topic: "o/r", qos: 0, retain: true } as const;
        expect(await disconnectCodeFor(client, publish, "RETAIN without Retain Available")).toBe(0x9a);
        expect(await willConnackCode(plain, "oasis-will-retain", { qos: 0, retain: true })).toBe(0x9a);
      } finally {
        await plain.stop();
      }
    },
  );
});

describe("Subscription Identifiers and topic aliases towards a client", () => {
  it("carries the identifiers of every matching subscription on the one copy", async () => {
    const { client } = await connected(5);
    await subscribed(client, "o/s/#", 1, { subscriptionIdentifier: 1 });
    await subscribed(client, "o/s/+", 0, { subscriptionIdentifier: 2 });
    await subscribed(client, "o/s/b", 1);
    client.send({
      cmd: "publish",
      topic: "o/s/b",
      payload: Buffer.from("both"),
      qos: 1,
      messageId: 5,
      retain: false,
      dup: false,
    });
    const copy = await client.waitFor("the copy", isPublishOn("o/s/b", "both"), wait);
    expect(copy.qos).toBe(1);
    expect([copy.properties?.subscriptionIdentifier].flat().sort()).toEqual([1, 2]);
    client.dispose();
  });

  it("uses aliases 1 to the client's maximum, leaving out the topic once the alias is known", async () => {
    const { client } = await connected(5, { properties: { topicAliasMaximum: 1 } });
    await subscribed(client, "o/a/+", 0);
    for (const [topic, payload] of [
      ["o/a/x", "m1"],
      ["o/a/y", "m2"],
      ["o/a/x", "m3"],
    ])
      client.send({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false });
    await client.waitFor("the third", isPublishOn("o/a/x", "m3"), wait);
    const sent = client.packets.filter((raw) => raw.packet.cmd === "publish");
    // the topic as it came on the wire (its length first), and the alias with it
    expect(sent.map((raw) => raw.bytes.readUInt16BE(2))).toEqual([5, 5, 0]);
    expect(sent.map((raw) => (raw.packet as IPublishPacket).properties?.topicAlias)).toEqual([1, undefined, 1]);
    client.dispose();
  });
});

describe("SCRAM-SHA-256 enhanced authentication", () => {
  async function authenticate(
    password: string,
  ): Promise<{ client: MqttTestClient; scram: ScramClient; outcome: IConnackPacket }> {
    const client = await open(5);
    const scram = new ScramClient("scram-user", password);
    client.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 5,
      clean: true,
      keepalive: 60,
      clientId: `oasis-scram-${next++}`,
      properties: { authenticationMethod: "SCRAM-SHA-256", authenticationData: scram.first() },
    });
    const challenge = await client.waitFor("AUTH", isAuth, wait);
    expect(challenge.reasonCode).toBe(0x18);
    expect(challenge.properties?.authenticationMethod).toBe("SCRAM-SHA-256");
    sendScramFinal(client, scram, challenge);
    const outcome = await client.waitFor("CONNACK", isConnack, wait);
    return { client, scram, outcome };
  }

  it("accepts the right password with CONNACK 0x00 naming the method and proving the server's key", async () => {
    const { client, scram, outcome } = await authenticate("scram-password");
    expect(outcome.reasonCode).toBe(0);
    expect(outcome.properties?.authenticationMethod).toBe("SCRAM-SHA-256");
    expect(scram.verifies(outcome.properties!.authenticationData!)).toBe(true);
    client.dispose();
  });

  it("refuses a wrong proof with CONNACK 0x87 and closes", async () => {
    const { client, outcome } = await authenticate("guess");
    expect(outcome.reasonCode).toBe(0x87);
    await client.waitForClose(wait);
  });

  it(
    "re-authenticates a live connection with AUTH 0x00, " + "and ends it with DISCONNECT 0x87 when the proof is wrong",
    async () => {
      const { client } = await authenticate("scram-password");
      for (const [password, code] of [
        ["scram-password", 0x00],
        ["guess", undefined],
      ] as const) {
        const scram = new ScramClient("scram-user", password);
        const before = client.matching(isAuth).length;
        client.send({
          cmd: "auth",
          reasonCode: 0x19,
          properties: { authenticationMethod: "SCRAM-SHA-256", authenticationData: scram.first() },
        });
        await client.waitFor(
          "AUTH 0x18",
          (packet): packet is IAuthPacket => isAuth(packet) && client.matching(isAuth).length > before,
          wait,
        );
        const challenge = client.matching(isAuth)[before];
        sendScramFinal(client, scram, challenge);
        if (code === undefined) {
          expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x87);
        } else {
          const done = await client.waitFor(
            "AUTH 0x00",
            (packet): packet is IAuthPacket => isAuth(packet) && packet.reasonCode === code,
            wait,
          );
          expect(scram.verifies(done.properties!.authenticationData!)).toBe(true);
        }
      }
    },
  );

  it("refuses an unknown method with CONNACK 0x8C, and takes no AUTH on a plain connection", async () => {
    const unknown = await open(5);
    const refused = await unknown.connect(
      { clientId: "oasis-unknown-method", properties: { authenticationMethod: "x-unknown" } },
      wait,
    );
    expect(refused.reasonCode).toBe(0x8c);
    const { client } = await connected(5);
    client.send({ cmd: "auth", reasonCode: 0x19, properties: { authenticationMethod: "SCRAM-SHA-256" } });
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x82);
  });
});

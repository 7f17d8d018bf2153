// Packets the MQTT 5 specification calls malformed or protocol errors, which the broker used to
// accept and forward: properties that belong to other packets [MQTT-2.2.2-2], single-use
// properties sent twice, an Authentication Method it does not support [MQTT-4.12.0-1], No Local
// on a shared subscription [MQTT-3.8.3-4], and strings that are not well-formed UTF-8 or contain
// U+0000 [MQTT-1.5.4-1] [MQTT-1.5.4-2]. Each closes only the connection that sent it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type StartedReferenceBroker } from "../../../brokers/reference/src/index.ts";
import { connect, open, publishOn, stillRoutes, subscriber, uniqueId } from "../helpers/clients.ts";
import { connect5, field, hex, packet, properties, publish4, publish5 } from "../helpers/raw-packets.ts";

let broker: StartedReferenceBroker;
const wait = 2000;

beforeAll(async () => {
  broker = await startBroker({});
});
afterAll(() => broker.stop());

/** Publishes `propertyBytes` on a fresh topic; returns the DISCONNECT code and whether it was forwarded. */
async function publishWith(
  propertyBytes: Buffer,
  payload = "x",
): Promise<{ reasonCode: number | undefined; forwarded: boolean }> {
  const topic = uniqueId("props");
  const listener = await subscriber(broker, 5, topic);
  const { client } = await connect(broker, 5);
  client.sendRaw(publish5({ topic, properties: properties(propertyBytes), payload }));
  const closed = await client.waitForClose(wait);
  await stillRoutes(broker, listener, topic);
  const forwarded = listener.packets.some(publishOn(topic, payload));
  listener.destroy();
  return { reasonCode: closed.disconnect?.reasonCode, forwarded };
}

describe("PUBLISH properties that belong to other packets are malformed (0x81)", () => {
  it.each([
    { name: "Reason String", bytes: Buffer.concat([hex("1f"), field("why")]) },
    { name: "Session Expiry Interval", bytes: hex("11 0000003c") },
    { name: "Maximum QoS", bytes: hex("24 01") },
    { name: "Assigned Client Identifier", bytes: Buffer.concat([hex("12"), field("someone")]) },
    { name: "Receive Maximum", bytes: hex("21 0005") },
    { name: "Will Delay Interval", bytes: hex("18 00000005") },
    { name: "Server Reference", bytes: Buffer.concat([hex("1c"), field("elsewhere")]) },
  ])("$name", async ({ bytes }) => {
    expect(await publishWith(bytes)).toEqual({ reasonCode: 0x81, forwarded: false });
  });
});

describe("PUBLISH properties a client may not send, or not twice, are protocol errors (0x82)", () => {
  it.each([
    { name: "a Subscription Identifier [MQTT-3.3.4-6]", bytes: hex("0b 05") },
    { name: "Message Expiry Interval twice", bytes: hex("02 0000000a 02 0000000a") },
    { name: "Content Type twice", bytes: Buffer.concat([hex("03"), field("a"), hex("03"), field("b")]) },
    { name: "Payload Format Indicator twice", bytes: hex("01 00 01 00") },
    { name: "Topic Alias twice", bytes: hex("23 0001 23 0002") },
    { name: "Correlation Data twice", bytes: Buffer.concat([hex("09"), field("a"), hex("09"), field("b")]) },
  ])("$name", async ({ bytes }) => {
    expect(await publishWith(bytes)).toEqual({ reasonCode: 0x82, forwarded: false });
  });

  it("still forwards a User Property sent twice, in order [M5-12]", async () => {
    const topic = uniqueId("pairs");
    const listener = await subscriber(broker, 5, topic);
    const { client } = await connect(broker, 5);
    client.sendRaw(
      publish5({
        topic,
        properties: properties(hex("26"), field("k"), field("1"), hex("26"), field("k"), field("2")),
        payload: "x",
      }),
    );
    const delivered = await listener.waitFor("the message", publishOn(topic, "x"), wait);
    expect(delivered.properties?.userProperties).toEqual({ k: ["1", "2"] });
    client.destroy();
    listener.destroy();
  });
});

describe("strings are well-formed UTF-8 without U+0000 (0x81)", () => {
  it("a topic with invalid UTF-8 is refused even when the frame also holds EF BF BD", async () => {
    const { client } = await connect(broker, 4);
    const replacementCharacter = Buffer.from("\uFFFD", "utf8");
    client.sendRaw(publish4(Buffer.from([0x61, 0xc3, 0x28]), replacementCharacter));
    await client.waitForClose(wait);
    expect(client.closed).toBeDefined();
  });

  it.each([
    { name: "U+0000 in a Content Type", bytes: Buffer.concat([hex("03"), field(Buffer.from("a\u0000b"))]) },
    { name: "invalid UTF-8 in a Content Type", bytes: Buffer.concat([hex("03"), field(hex("c3 28"))]) },
    { name: "invalid UTF-8 in a Response Topic", bytes: Buffer.concat([hex("08"), field(hex("ed a0 80"))]) },
    { name: "U+0000 in a User Property name", bytes: Buffer.concat([hex("26"), field("\u0000"), field("v")]) },
    {
      name: "invalid UTF-8 in a User Property value",
      bytes: Buffer.concat([hex("26"), field("k"), field(hex("ff"))]),
    },
  ])("$name", async ({ bytes }) => {
    expect(await publishWith(bytes)).toEqual({ reasonCode: 0x81, forwarded: false });
  });
});

describe("CONNECT properties", () => {
  async function connackFor(connectProperties: Buffer): Promise<number | undefined> {
    const client = await open(broker, 5);
    client.sendRaw(connect5({ clientId: uniqueId("props"), properties: properties(connectProperties) }));
    const connack = await client.waitFor(
      "CONNACK",
      (received): received is Extract<typeof received, { cmd: "connack" }> => received.cmd === "connack",
      wait,
    );
    await client.waitForClose(wait);
    return connack.reasonCode;
  }

  it.each([
    { name: "Receive Maximum 0", bytes: hex("21 0000") },
    { name: "Receive Maximum twice", bytes: hex("21 0005 21 0005") },
    { name: "Maximum Packet Size 0", bytes: hex("27 00000000") },
    { name: "Session Expiry Interval twice", bytes: hex("11 0000000a 11 0000000a") },
    { name: "Request Problem Information 2", bytes: hex("17 02") },
  ])("$name is refused with CONNACK 0x82 Protocol Error", async ({ bytes }) => {
    expect(await connackFor(bytes)).toBe(0x82);
  });

  it("an Authentication Method the broker does not support is refused with CONNACK 0x8C [MQTT-4.12.0-1]", async () => {
    expect(await connackFor(Buffer.concat([hex("15"), field("SCRAM-SHA-1")]))).toBe(0x8c);
  });

  it("a CONNECT property that belongs to another packet is malformed: closed without CONNACK 0x00", async () => {
    const client = await open(broker, 5);
    client.sendRaw(connect5({ clientId: uniqueId("props"), properties: properties(hex("23 0001")) }));
    await client.waitForClose(wait);
    expect(client.packets.filter((received) => received.cmd === "connack" && received.reasonCode === 0)).toEqual([]);
  });
});

describe("SUBSCRIBE", () => {
  it("No Local on a shared subscription is a protocol error: DISCONNECT 0x82 [MQTT-3.8.3-4]", async () => {
    const { client } = await connect(broker, 5);
    client.send({
      cmd: "subscribe",
      messageId: 1,
      subscriptions: [{ topic: `$share/g/${uniqueId("nl")}`, qos: 0, nl: true }],
    });
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x82);
  });
});

describe("reason codes of a refused packet", () => {
  it("a User Property cut short gets DISCONNECT 0x81 and no internal error text", async () => {
    const { client } = await connect(broker, 5);
    // 26 = User Property, name "k", then the value's length bytes are missing
    client.sendRaw(publish5({ topic: "t", properties: properties(hex("26 0001 6b")) }));
    const closed = await client.waitForClose(wait);
    expect(closed.disconnect?.reasonCode).toBe(0x81);
    expect(closed.disconnect?.properties?.reasonString ?? "").not.toMatch(
      /offset|range|undefined|TypeError|RangeError/i,
    );
  });

  it("a second CONNECT is a protocol error (0x82) whatever its protocol name", async () => {
    const { client } = await connect(broker, 5);
    const secondConnect = packet(0x10, field("MQXX"), hex("05 02 003c 00"), field("again"));
    client.sendRaw(secondConnect);
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x82);
  });
});

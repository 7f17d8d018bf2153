// A string or binary property whose length runs past the end of its property section: mqtt-packet
// decodes it to null without an error, and re-encoding that null for an MQTT 5 subscriber used to
// throw outside any handler (Will, stored message, retained message, Will delay timer) and end the
// broker process. Such a packet is malformed [MQTT-2.2.2-2] and refused where it arrives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type StartedReferenceBroker } from "../../../brokers/reference/src/index.ts";
import { connect, is, isConnack, open, publishOn, stillRoutes, subscriber, uniqueId } from "../helpers/clients.ts";
import { connect5, field, hex, properties, publish5 } from "../helpers/raw-packets.ts";
import { awsLimitsLifted } from "../helpers/limits.ts";

let broker: StartedReferenceBroker;
const wait = 2000;

beforeAll(async () => {
  broker = await startBroker({ limits: awsLimitsLifted });
});
afterAll(() => broker.stop());

/** Each property type a subscriber gets re-encoded, with a length that runs past the section. */
const overruns = [
  { name: "User Property", bytes: hex("26 0001 6b ffff") },
  { name: "Content Type", bytes: hex("03 ffff") },
  { name: "Response Topic", bytes: hex("08 ffff") },
  { name: "Correlation Data", bytes: hex("09 ffff") },
];

/** A client's CONNECT with this Will is refused; a subscriber to the Will topic never gets it. */
async function willRefused(topic: string, connect: Buffer): Promise<void> {
  const listener = await subscriber(broker, 5, topic);
  const rogue = await open(broker, 5);
  rogue.sendRaw(connect);
  await rogue.waitForClose(wait);
  expect(rogue.packets.filter(isConnack).map((connack) => connack.reasonCode)).not.toContain(0);
  await stillRoutes(broker, listener, topic);
  expect(listener.packets.filter(publishOn(topic, "gone"))).toEqual([]);
  listener.destroy();
}

describe("a property that runs past its section", () => {
  it.each(overruns)("in a PUBLISH ($name) gets DISCONNECT 0x81 and reaches no one", async ({ bytes }) => {
    const topic = uniqueId("overrun");
    const listener = await subscriber(broker, 5, topic);
    const { client } = await connect(broker, 5);
    client.sendRaw(publish5({ topic, properties: properties(bytes), payload: "x" }));
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x81);
    await stillRoutes(broker, listener, topic);
    expect(listener.packets.filter(publishOn(topic, "x"))).toEqual([]);
    listener.destroy();
  });

  it.each(overruns)("in Will Properties ($name) refuses the CONNECT; no Will is ever published", async ({ bytes }) => {
    const topic = uniqueId("will");
    await willRefused(
      topic,
      connect5({ clientId: uniqueId("rogue"), will: { topic, properties: properties(bytes) } }),
    );
  });

  it("on a delayed Will refuses the CONNECT, so no timer ever encodes it", async () => {
    const topic = uniqueId("delayed-will");
    const willDelayOneSecond = hex("18 00000001");
    const sessionExpiry60 = hex("11 0000003c");
    await willRefused(
      topic,
      connect5({
        clientId: uniqueId("rogue"),
        properties: properties(sessionExpiry60),
        will: { topic, properties: properties(willDelayOneSecond, hex("09 ffff")) },
      }),
    );
  });

  it("on a QoS 1 PUBLISH to an offline session stores nothing that a replay would encode", async () => {
    const topic = uniqueId("stored");
    const clientId = uniqueId("offline");
    const persistent = { clientId, clean: false, properties: { sessionExpiryInterval: 60 } };
    const first = await subscriber(broker, 5, topic, 1, persistent);
    first.destroy();
    await first.waitForClose(wait);
    const { client: publisher } = await connect(broker, 5);
    for (const packetId of [1, 2])
      publisher.sendRaw(publish5({ topic, qos: 1, packetId, properties: properties(hex("03 ffff")), payload: "x" }));
    expect((await publisher.waitForClose(wait)).disconnect?.reasonCode).toBe(0x81);
    const { client: back, connack } = await connect(broker, 5, persistent);
    expect(connack.sessionPresent).toBe(true);
    await stillRoutes(broker, back, topic);
    expect(back.closed).toBeUndefined();
    back.destroy();
  });

  it("on a retained PUBLISH retains nothing that a new subscription would be sent", async () => {
    const topic = uniqueId("retained");
    const { client: publisher } = await connect(broker, 5);
    publisher.sendRaw(publish5({ topic, retain: true, properties: properties(hex("08 ffff")), payload: "x" }));
    expect((await publisher.waitForClose(wait)).disconnect?.reasonCode).toBe(0x81);
    const late = await subscriber(broker, 5, topic);
    await stillRoutes(broker, late, topic);
    expect(late.packets.filter(publishOn(topic, "x"))).toEqual([]);
    late.destroy();
  });

  it("keeps a well-formed property of the same kinds working", async () => {
    const topic = uniqueId("fine");
    const listener = await subscriber(broker, 5, topic);
    const { client } = await connect(broker, 5);
    client.sendRaw(
      publish5({
        topic,
        properties: properties(hex("26"), field("k"), field("v"), hex("03"), field("text/plain")),
        payload: "ok",
      }),
    );
    const delivered = await listener.waitFor("the message", publishOn(topic, "ok"), wait);
    expect(delivered.properties).toMatchObject({ userProperties: { k: "v" }, contentType: "text/plain" });
    expect(listener.packets.some(is("disconnect"))).toBe(false);
    client.destroy();
    listener.destroy();
  });
});

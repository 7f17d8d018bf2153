// Each packet handler of the reference broker, exercised over TCP with the raw driver.
import type { IConnackPacket, Packet } from "mqtt-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type StartedReferenceBroker } from "../../brokers/reference/src/index.ts";
import { MqttTestClient, type ConnectFields } from "../../support/driver/client.ts";
import { isPubackFor, isPublishOn, isSubackFor, isUnsubackFor } from "../../support/driver/predicates.ts";
import { awsLimitsLifted } from "./helpers/limits.ts";

let broker: StartedReferenceBroker;
let next = 0;
const wait = 1000;

beforeAll(async () => {
  broker = await startBroker({ limits: { connectTimeoutMs: 300, ...awsLimitsLifted } });
});
afterAll(() => broker.stop());

async function connected(
  version: 4 | 5,
  fields: ConnectFields = {},
): Promise<{ client: MqttTestClient; connack: IConnackPacket }> {
  const client = await MqttTestClient.open(
    { host: broker.host, port: broker.port },
    { name: `c${next}`, protocolVersion: version },
  );
  const connack = await client.connect({ clientId: `handler-test-${next++}`, ...fields }, wait);
  return { client, connack };
}

const is =
  (cmd: Packet["cmd"]) =>
  (packet: Packet): packet is Packet =>
    packet.cmd === cmd;

describe("CONNECT", () => {
  it("accepts MQTT 3.1.1 with return code 0", async () => {
    const { client, connack } = await connected(4);
    expect(connack).toMatchObject({ returnCode: 0, sessionPresent: false });
    client.dispose();
  });

  it("announces the AWS profile's capabilities in the MQTT 5 CONNACK", async () => {
    const { client, connack } = await connected(5);
    expect(connack.reasonCode).toBe(0);
    expect(connack.properties).toMatchObject({
      maximumQoS: 1,
      retainAvailable: true,
      topicAliasMaximum: 8,
      wildcardSubscriptionAvailable: true,
      subscriptionIdentifiersAvailable: false,
      sharedSubscriptionAvailable: true,
      maximumPacketSize: 131072,
    });
    client.dispose();
  });

  it("assigns a client identifier to an MQTT 5 client that sends none", async () => {
    const { client, connack } = await connected(5, { clientId: "" });
    expect(connack.properties?.assignedClientIdentifier).toMatch(/\S+/);
    client.dispose();
  });

  it("refuses a client identifier over 128 bytes: 0x85 in v5, return code 2 in v3", async () => {
    const v5 = await connected(5, { clientId: "x".repeat(129) });
    expect(v5.connack.reasonCode).toBe(0x85);
    const v3 = await connected(4, { clientId: "y".repeat(129) });
    expect(v3.connack.returnCode).toBe(2);
    await v3.client.waitForClose(wait);
  });

  it("refuses a Will at QoS 2 with 0x9B", async () => {
    const { connack } = await connected(5, { will: { topic: "w", payload: Buffer.from("x"), qos: 2, retain: false } });
    expect(connack.reasonCode).toBe(0x9b);
  });

  it("closes the older connection of a client identifier with DISCONNECT 0x8E", async () => {
    const first = await connected(5, { clientId: "takeover" });
    const second = await connected(5, { clientId: "takeover" });
    expect(second.connack.reasonCode).toBe(0);
    expect((await first.client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x8e);
    second.client.dispose();
  });

  it("treats a second CONNECT as a protocol error", async () => {
    const { client } = await connected(5);
    client.send({
      cmd: "connect",
      clientId: "again",
      protocolVersion: 5,
      protocolId: "MQTT",
      clean: true,
      keepalive: 60,
    });
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x82);
  });

  it("closes a connection that sends no CONNECT within the timeout", async () => {
    const client = await MqttTestClient.open(
      { host: broker.host, port: broker.port },
      { name: "silent", protocolVersion: 4 },
    );
    expect((await client.waitForClose(wait)).by).toBe("broker");
  });
});

describe("PUBLISH and PUBACK", () => {
  it("acknowledges QoS 1 with the same packet identifier and routes the message", async () => {
    const { client } = await connected(4);
    client.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "h/p", qos: 1 }] });
    await client.waitFor("SUBACK", isSubackFor(1), wait);
    client.send({
      cmd: "publish",
      topic: "h/p",
      payload: Buffer.from("m"),
      qos: 1,
      messageId: 300,
      retain: false,
      dup: false,
    });
    await client.waitFor("PUBACK 300", isPubackFor(300), wait);
    await client.waitFor("the message", isPublishOn("h/p", "m"), wait);
    client.dispose();
  });

  it("disconnects an MQTT 5 client publishing at QoS 2 with 0x9B", async () => {
    const { client } = await connected(5);
    client.send(
      { cmd: "publish", topic: "h/q2", payload: Buffer.from("m"), qos: 2, messageId: 1, retain: false, dup: false },
      { breaking: "QoS 2 above the Maximum QoS" },
    );
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x9b);
  });

  it("resolves a topic alias set by an earlier PUBLISH", async () => {
    const { client } = await connected(5);
    client.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "h/alias", qos: 0 }] });
    await client.waitFor("SUBACK", isSubackFor(1), wait);
    client.send({
      cmd: "publish",
      topic: "h/alias",
      payload: Buffer.from("1"),
      qos: 0,
      retain: false,
      dup: false,
      properties: { topicAlias: 3 },
    });
    client.send({
      cmd: "publish",
      topic: "",
      payload: Buffer.from("2"),
      qos: 0,
      retain: false,
      dup: false,
      properties: { topicAlias: 3 },
    });
    await client.waitFor("the aliased message", isPublishOn("h/alias", "2"), wait);
    client.dispose();
  });

  it("disconnects with 0x94 for a topic alias above the maximum", async () => {
    const { client } = await connected(5);
    client.send(
      {
        cmd: "publish",
        topic: "h/x",
        payload: Buffer.from("1"),
        qos: 0,
        retain: false,
        dup: false,
        properties: { topicAlias: 9 },
      },
      { breaking: "alias above the maximum" },
    );
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x94);
  });
});

describe("SUBSCRIBE and UNSUBSCRIBE", () => {
  it("grants at most QoS 1 and refuses an invalid filter per filter", async () => {
    const { client } = await connected(5);
    client.send({
      cmd: "subscribe",
      messageId: 2,
      subscriptions: [
        { topic: "h/a", qos: 0 },
        { topic: "h/b", qos: 2 },
        { topic: "h/#/c", qos: 1 },
      ],
    });
    const suback = await client.waitFor("SUBACK", isSubackFor(2), wait);
    expect(suback.granted).toEqual([0x00, 0x01, 0x8f]);
    client.dispose();
  });

  it("ignores an MQTT 3.1.1 SUBSCRIBE at QoS 2 under aws-iot-core [QOS-04]", async () => {
    const { client } = await connected(4);
    client.send({ cmd: "subscribe", messageId: 3, subscriptions: [{ topic: "h/q2", qos: 2 }] });
    await expect(client.waitFor("SUBACK", isSubackFor(3), 200)).rejects.toThrow(/expected SUBACK within 200 ms/);
    client.dispose();
  });

  it("answers UNSUBSCRIBE per filter in MQTT 5", async () => {
    const { client } = await connected(5);
    client.send({ cmd: "subscribe", messageId: 4, subscriptions: [{ topic: "h/u", qos: 0 }] });
    await client.waitFor("SUBACK", isSubackFor(4), wait);
    client.send({ cmd: "unsubscribe", messageId: 5, unsubscriptions: ["h/u", "h/never"] });
    expect((await client.waitFor("UNSUBACK", isUnsubackFor(5), wait)).granted).toEqual([0x00, 0x11]);
    client.dispose();
  });
});

describe("PINGREQ, DISCONNECT and keep-alive", () => {
  it("answers PINGREQ with PINGRESP", async () => {
    const { client } = await connected(4);
    client.send({ cmd: "pingreq" });
    await client.waitFor("PINGRESP", is("pingresp"), wait);
    client.dispose();
  });

  it("closes a silent client after 1.5 x keep-alive with DISCONNECT 0x8D", async () => {
    const { client } = await connected(5, { keepalive: 1 });
    const started = Date.now();
    const closed = await client.waitForClose(3000);
    expect(closed.disconnect?.reasonCode).toBe(0x8d);
    expect(closed.at - started).toBeGreaterThanOrEqual(1400);
  });

  it("refuses raising the Session Expiry Interval from 0 on DISCONNECT with 0x82", async () => {
    const { client } = await connected(5);
    client.send({ cmd: "disconnect", reasonCode: 0, properties: { sessionExpiryInterval: 30 } });
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x82);
  });

  it("never answers PUBREC in kind: an MQTT 5 client gets DISCONNECT 0x82", async () => {
    const { client } = await connected(5);
    client.send({ cmd: "pubrec", messageId: 9, reasonCode: 0 });
    expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x82);
  });
});

describe("administrative API over HTTP", () => {
  it(
    "disconnects a client with 0x98 on POST /clients/{id}/disconnect, " + "and answers 404 for an unknown one",
    async () => {
      const admin = await startBroker({ adminPort: 0 });
      try {
        const client = await MqttTestClient.open(
          { host: admin.host, port: admin.port },
          { name: "victim", protocolVersion: 5 },
        );
        await client.connect({ clientId: "victim" }, wait);
        const url = (id: string) => `http://${admin.host}:${admin.adminPort}/clients/${id}/disconnect`;
        expect((await fetch(url("victim"), { method: "POST" })).status).toBe(204);
        expect((await client.waitForClose(wait)).disconnect?.reasonCode).toBe(0x98);
        expect((await fetch(url("nobody"), { method: "POST" })).status).toBe(404);
      } finally {
        await admin.stop();
      }
    },
  );
});

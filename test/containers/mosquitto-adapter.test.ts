// Mosquitto 2.0.11 and its aws-like variant through their adapter (brokers/mosquitto/*.mustache):
// with no settings each runs its own configuration and announces what its descriptor declares;
// each setting the adapter expresses, set small, shows on the wire. Needs Docker's engine.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { publishOfSize } from "../../support/harness/packet-sizes.ts";
import {
  accountConnackCodes,
  announcementMismatches,
  askingForEverything,
  connackCode,
  connect,
  connected,
  deliveryTimeoutMs,
  expectRetainedAndWildcards,
  offlineSession,
  payloadsOn,
  publishAcknowledged,
  readerAccount,
  receives,
  receivesNothing,
  sendAliasOverMaximum,
  sendSubscribe,
  sensorAccount,
  startBroker,
  startedTogether,
  subscribe,
  topicOfSlashes,
  uniqueId,
} from "./broker-probe.ts";

describe("mosquitto adapter", () => {
  const brokers = startedTogether({
    plain: () => startBroker("mosquitto"),
    limited: () =>
      startBroker("mosquitto", {
        limits: {
          maximumPacketSize: 2048,
          topicAliasMaximum: 2,
          receiveMaximum: 3,
          maxQueuedMessages: 3,
          maxKeepAliveSeconds: 10,
          mqtt3SessionExpirySeconds: 7200,
        },
      }),
    guarded: () => startBroker("mosquitto", { credentials: [sensorAccount, readerAccount] }),
    crowded: () => startBroker("mosquitto", { quotas: { maxConnections: 2 } }),
    awsLike: () => startBroker("mosquitto-aws-like"),
    awsLikeSet: () => startBroker("mosquitto-aws-like", { limits: { maximumPacketSize: 4096 } }),
  });

  describe("with no settings", () => {
    it("runs the shipped-defaults configuration as it is", () => {
      const profile = readFileSync(new URL("../../brokers/mosquitto/mosquitto.default.conf", import.meta.url), "utf8");
      expect(brokers.plain.readFile("/run/mosquitto-conformance.conf")).toBe(
        profile.replaceAll("@MQTT_PORT@", String(brokers.plain.port)).replaceAll("@MQTT_HOST@", "127.0.0.1"),
      );
    });

    it("announces in CONNACK what its descriptor declares", async () => {
      const { connack } = await connect(brokers.plain, 5, askingForEverything);
      expect(announcementMismatches(brokers.plain.descriptor, connack)).toEqual([]);
    });

    it("shares a $share subscription among its members", async () => {
      const topic = `${uniqueId("adapters")}/jobs`;
      const members = await Promise.all([connected(brokers.plain, 5), connected(brokers.plain, 5)]);
      for (const member of members) expect(await subscribe(member, [`$share/workers/${topic}`])).toEqual([1]);
      const publisher = await connected(brokers.plain, 5);
      for (let number = 1; number <= 10; number++)
        expect(await publishAcknowledged(publisher, topic, `job ${number}`)).toBeLessThan(0x80);
      const received = await Promise.all(members.map((member) => payloadsOn(member, topic)));
      expect(received.flat().sort()).toEqual(Array.from({ length: 10 }, (_, index) => `job ${index + 1}`).sort());
      for (const share of received) expect(share.length).toBeGreaterThan(0);
    });

    it("keeps retained messages and matches + and # filters", async () => {
      await expectRetainedAndWildcards(brokers.plain, 5);
    });

    it("grants a filter of 200 slashes and closes the connection for one of 201", async () => {
      const client = await connected(brokers.plain, 5);
      expect(await subscribe(client, [topicOfSlashes(200)])).toEqual([1]);
      sendSubscribe(client, topicOfSlashes(201));
      expect((await client.expectClose(deliveryTimeoutMs)).disconnect?.reasonCode).toBe(0x81);
    });
  });

  describe("with small limits", () => {
    it("announces them in CONNACK", async () => {
      const { connack } = await connect(brokers.limited, 5, { keepalive: 60 });
      expect(connack.properties).toMatchObject({
        maximumPacketSize: 2048,
        topicAliasMaximum: 2,
        receiveMaximum: 3,
        serverKeepAlive: 10,
      });
    });

    // max_packet_size is compared with the packet without its Remaining Length bytes: 2048
    // refuses a packet of 2051 bytes (Remaining Length 2048), not one of 2049 or 2050
    it("takes a PUBLISH of 2048 bytes, and of 2050, and closes the connection for one of 2051", async () => {
      const topic = `${uniqueId("adapters")}/parcels`;
      const bystander = await connected(brokers.limited, 5);
      expect(await subscribe(bystander, [`${topic}/#`])).toEqual([1]);
      bystander.send(publishOfSize(`${topic}/largest`, 2048, 5));
      await receives(bystander, `${topic}/largest`);
      const over = "a packet over the broker's Maximum Packet Size [MQTT-3.2.2-15]";
      for (const version of [5, 4] as const) {
        const lenient = await connected(brokers.limited, version);
        lenient.send(publishOfSize(`${topic}/v${version}/2050`, 2050, version), { breaking: over });
        await receives(bystander, `${topic}/v${version}/2050`);
        expect(lenient.closed).toBeUndefined();
        const rogue = await connected(brokers.limited, version);
        rogue.send(publishOfSize(`${topic}/v${version}/2051`, 2051, version), { breaking: over });
        const close = await rogue.expectClose(deliveryTimeoutMs);
        if (version === 5) expect(close.disconnect?.reasonCode).toBe(0x95);
        await receivesNothing(bystander, `${topic}/v${version}/2051`);
      }
    });

    it("takes topic alias 2 and closes the connection for alias 3", async () => {
      const topic = `${uniqueId("adapters")}/aliased`;
      const client = await connected(brokers.limited, 5);
      expect(await publishAcknowledged(client, topic, "first", { properties: { topicAlias: 2 } })).toBeLessThan(0x80);
      sendAliasOverMaximum(client, topic);
      expect((await client.expectClose(deliveryTimeoutMs)).disconnect?.reasonCode).toBe(0x94);
    });

    it("has no more than 3 QoS 1 deliveries unacknowledged towards a client (max_inflight_messages)", async () => {
      const topic = `${uniqueId("adapters")}/window`;
      const slow = await connected(brokers.limited, 5);
      slow.autoAcknowledge = false;
      expect(await subscribe(slow, [topic])).toEqual([1]);
      const publisher = await connected(brokers.limited, 5);
      for (let number = 1; number <= 6; number++)
        expect(await publishAcknowledged(publisher, topic, `message ${number}`)).toBeLessThan(0x80);
      expect(await payloadsOn(slow, topic)).toEqual(["message 1", "message 2", "message 3"]);
      for (const delivery of slow.matching((packet) => packet.cmd === "publish"))
        slow.acknowledge(delivery.messageId!);
      await receives(slow, topic, "message 6");
    });

    it("stores 3 messages for an offline MQTT 3.1.1 session and drops the rest", async () => {
      expect(await offlineSession(brokers.limited, 5)).toEqual({
        sessionPresent: true,
        payloads: ["message 1", "message 2", "message 3"],
      });
    });

    it("writes an MQTT 3.1.1 session expiry of 7200 s as persistent_client_expiration 2h", () => {
      expect(brokers.limited.readFile("/run/mosquitto-conformance.conf")).toMatch(
        /^persistent_client_expiration 2h$/m,
      );
    });
  });

  describe("with accounts", () => {
    it("accepts an account and refuses a wrong password or none, with 0x87 (5) and 5 (3.1.1)", async () => {
      for (const version of [5, 4] as const) {
        const refused = version === 5 ? 0x87 : 5;
        expect(await accountConnackCodes(brokers.guarded, version)).toEqual([0, refused, refused]);
      }
    });

    it("refuses a publish outside the account's topics with PUBACK 0x87 and does not deliver it", async () => {
      const watcher = await connected(brokers.guarded, 5, { username: "sensor", password: Buffer.from("s3cret") });
      expect(await subscribe(watcher, ["adapters/#"])).toEqual([1]);
      const sensor = await connected(brokers.guarded, 5, { username: "sensor", password: Buffer.from("s3cret") });
      expect(await publishAcknowledged(sensor, "adapters/valves/main", "open")).toBe(0x87);
      expect(await publishAcknowledged(sensor, "adapters/telemetry/temp", "21.5")).toBeLessThan(0x80);
      await receives(watcher, "adapters/telemetry/temp", "21.5");
      await receivesNothing(watcher, "adapters/valves/main");
    });

    it("grants a subscription outside the account's topics but delivers nothing on it", async () => {
      const reader = await connected(brokers.guarded, 5, { username: "reader", password: Buffer.from("r3ad") });
      expect(await subscribe(reader, ["adapters/readings/+", "adapters/alarms/#"])).toEqual([1, 1]);
      const writer = await connected(brokers.guarded, 5, { username: "reader", password: Buffer.from("r3ad") });
      await publishAcknowledged(writer, "adapters/readings/temp", "21.5");
      await publishAcknowledged(writer, "adapters/alarms/fire", "now");
      await receives(reader, "adapters/readings/temp", "21.5");
      await receivesNothing(reader, "adapters/alarms/fire");
    });
  });

  it("closes a connection beyond 2 without a CONNACK", async () => {
    await connected(brokers.crowded, 5);
    await connected(brokers.crowded, 4);
    expect(await connackCode(brokers.crowded, 5)).toBe("closed");
  });

  describe("aws-like variant", () => {
    it("announces in CONNACK what its descriptor declares, and Maximum QoS 1", async () => {
      const { connack } = await connect(brokers.awsLike, 5, askingForEverything);
      expect(announcementMismatches(brokers.awsLike.descriptor, connack)).toEqual([]);
      expect(connack.properties?.maximumQoS).toBe(1);
    });

    it("lets settings override its configuration", async () => {
      const { connack } = await connect(brokers.awsLikeSet, 5);
      expect(connack.properties).toMatchObject({ maximumPacketSize: 4096, maximumQoS: 1 });
    });
  });
});

// Aedes 1.2.0 (MQTT 3.1.1) through its adapter (AEDES_SETTINGS, applied by brokers/aedes/server.mjs
// as Aedes options and hooks): with no settings it has what its descriptor declares; each setting
// it takes, set small, shows on the wire. Needs Docker's engine.
import { describe, expect, it } from "vitest";
import { publishOfSize } from "../../support/harness/packet-sizes.ts";
import {
  accountConnackCodes,
  closeOfIdleClientMs,
  closeOfSilentConnectionMs,
  connackCode,
  connected,
  deliveryTimeoutMs,
  expectRetainedAndWildcards,
  payloadsOn,
  publishAcknowledged,
  reader,
  readerAccount,
  receives,
  sendPublish,
  sendSubscribe,
  sensor,
  sensorAccount,
  shareFilterAsLiteral,
  startBroker,
  startedTogether,
  subscribe,
  topicOfSlashes,
  uniqueId,
} from "./broker-probe.ts";

describe("aedes adapter", () => {
  const brokers = startedTogether({
    plain: () => startBroker("aedes"),
    limited: () =>
      startBroker("aedes", {
        limits: { maxTopicSlashes: 3, maxKeepAliveSeconds: 10, connectTimeoutMs: 1000 },
        quotas: { maxConnections: 2 },
      }),
    guarded: () =>
      startBroker("aedes", {
        credentials: [sensorAccount, { ...readerAccount, clientIds: ["reader-*"] }],
      }),
  });

  describe("with no settings", () => {
    it("grants a $share filter but treats it as a literal topic", async () => {
      expect(await shareFilterAsLiteral(brokers.plain)).toEqual([1]);
    });

    it("keeps retained messages and matches + and # filters", async () => {
      await expectRetainedAndWildcards(brokers.plain, 4);
    });

    it("has no limit of its own on client identifiers, topics or packets", async () => {
      expect(await connackCode(brokers.plain, 4, { clientId: "c".repeat(65535) })).toBe(0);
      const client = await connected(brokers.plain, 4);
      const topic = `${uniqueId("adapters")}/`.padEnd(65535, "t");
      expect(await subscribe(client, [topic])).toEqual([1]);
      client.send(publishOfSize(topic, 1_000_000, 4));
      await receives(client, topic);
    });

    it("accepts a topic of 99 slashes and closes the connection for one of 100", async () => {
      const client = await connected(brokers.plain, 4);
      expect(await subscribe(client, [topicOfSlashes(99)])).toEqual([1]);
      sendPublish(client, topicOfSlashes(100), "deep", 0);
      await client.expectClose(deliveryTimeoutMs);
    });

    it("closes a silent client 1.5 times its keep-alive after its last packet", async () => {
      const closedAfter = await closeOfIdleClientMs(brokers.plain, 3000);
      expect(closedAfter).toBeGreaterThan(1400);
      expect(closedAfter).toBeLessThan(1700);
    });
  });

  describe("with small limits", () => {
    it("closes a connection beyond 2 without a CONNACK", async () => {
      await connected(brokers.limited, 4, { keepalive: 10 });
      await connected(brokers.limited, 4, { keepalive: 10 });
      expect(await connackCode(brokers.limited, 4, { keepalive: 10 })).toBe("closed");
    });

    it("refuses a keep-alive over 10 s, or none, with CONNACK 6", async () => {
      expect(await connackCode(brokers.limited, 4, { keepalive: 10 })).toBe(0);
      expect(await connackCode(brokers.limited, 4, { keepalive: 11 })).toBe(6);
      expect(await connackCode(brokers.limited, 4, { keepalive: 0 })).toBe(6);
    });

    it("accepts a topic of 3 slashes and closes the connection for a filter of 4", async () => {
      const client = await connected(brokers.limited, 4, { keepalive: 10 });
      await publishAcknowledged(client, topicOfSlashes(3), "deep enough");
      sendSubscribe(client, topicOfSlashes(4));
      await client.expectClose(deliveryTimeoutMs);
    });

    it("closes a connection that sends no CONNECT after 1 s", async () => {
      const closedAfter = await closeOfSilentConnectionMs(brokers.limited, 3000);
      expect(closedAfter).toBeGreaterThan(900);
      expect(closedAfter).toBeLessThan(1500);
    });
  });

  describe("with accounts", () => {
    it("accepts an account and refuses a wrong password or none with CONNACK 4", async () => {
      expect(await accountConnackCodes(brokers.guarded, 4)).toEqual([0, 4, 4]);
    });

    it("refuses a client identifier the account may not use with CONNACK 5", async () => {
      expect(await connackCode(brokers.guarded, 4, { ...reader, clientId: uniqueId("reader") })).toBe(0);
      expect(await connackCode(brokers.guarded, 4, { ...reader, clientId: uniqueId("valve") })).toBe(5);
    });

    it("delivers a publish within the account's topics and closes the connection for one outside", async () => {
      const watcher = await connected(brokers.guarded, 4, sensor);
      expect(await subscribe(watcher, ["adapters/#"])).toEqual([1]);
      const publisher = await connected(brokers.guarded, 4, sensor);
      await publishAcknowledged(publisher, "adapters/telemetry/temp", "21.5");
      await receives(watcher, "adapters/telemetry/temp", "21.5");
      sendPublish(publisher, "adapters/valves/main", "open", 1);
      await publisher.expectClose(deliveryTimeoutMs);
      expect(await payloadsOn(watcher, "adapters/valves/main")).toEqual([]);
    });

    it("refuses a subscription outside the account's topics with SUBACK 0x80", async () => {
      const client = await connected(brokers.guarded, 4, { ...reader, clientId: uniqueId("reader") });
      expect(await subscribe(client, ["adapters/readings/+", "adapters/alarms/#"])).toEqual([1, 0x80]);
    });
  });
});

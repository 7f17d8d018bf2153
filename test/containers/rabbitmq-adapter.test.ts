// RabbitMQ 3.10.8 (MQTT 3.1.1) through its adapter (brokers/rabbitmq/*.mustache): with no
// settings it runs its own configuration, which has what its descriptor declares; each setting
// the adapter expresses, set small, shows on the wire. Needs Docker's engine; RabbitMQ takes
// about 11 s to start, so its three containers start together.
import { describe, expect, it } from "vitest";
import {
  accountConnackCodes,
  closeOfIdleClientMs,
  closeOfSilentConnectionMs,
  connackCode,
  connected,
  deliveryTimeoutMs,
  offlineSession,
  publishAcknowledged,
  reader,
  readerAccount,
  receives,
  sendPublish,
  sendSubscribe,
  sensor,
  sensorAccount,
  sessionsPresentAroundExpiry,
  shareFilterAsLiteral,
  startBroker,
  startedTogether,
  subscribe,
  uniqueId,
} from "./broker-probe.ts";

describe("rabbitmq adapter", () => {
  const brokers = startedTogether({
    plain: () => startBroker("rabbitmq"),
    limited: () =>
      startBroker("rabbitmq", {
        limits: { connectTimeoutMs: 2000, mqtt3SessionExpirySeconds: 2, maxQueuedMessages: 3 },
        quotas: { maxConnections: 2 },
      }),
    guarded: () =>
      startBroker("rabbitmq", {
        credentials: [sensorAccount, readerAccount],
      }),
  });

  describe("with no settings", () => {
    it("runs its base configuration: anonymous clients, sessions of an hour, no definitions", () => {
      const configuration = brokers.plain.readFile("/var/lib/rabbitmq-conformance/rabbitmq.conf");
      expect(configuration).toMatch(/^mqtt\.allow_anonymous = true$/m);
      expect(configuration).toMatch(/^mqtt\.subscription_ttl = 3600000$/m);
      expect(configuration).not.toMatch(/load_definitions|login_timeout/);
    });

    it("grants a $share filter but treats it as a literal topic", async () => {
      expect(await shareFilterAsLiteral(brokers.plain)).toEqual([1]);
    });

    it("keeps retained messages for their exact topic and matches + and # filters", async () => {
      const base = uniqueId("adapters");
      const publisher = await connected(brokers.plain, 4);
      await publishAcknowledged(publisher, `${base}/shelf/a`, "kept", { retain: true });
      const subscriber = await connected(brokers.plain, 4);
      expect(await subscribe(subscriber, [`${base}/shelf/a`, `${base}/+/b`, `${base}/#`])).toEqual([1, 1, 1]);
      expect((await receives(subscriber, `${base}/shelf/a`, "kept")).retain).toBe(true);
      await publishAcknowledged(publisher, `${base}/x/b`, "live");
      await receives(subscriber, `${base}/x/b`, "live");
    });

    it("closes a silent client at 3 times its keep-alive, not 1.5 times", async () => {
      const closedAfter = await closeOfIdleClientMs(brokers.plain, 5000);
      expect(closedAfter).toBeGreaterThan(2900);
      expect(closedAfter).toBeLessThan(3500);
    });
  });

  describe("with small limits", () => {
    it("refuses a connection beyond 2 with CONNACK 5", async () => {
      await connected(brokers.limited, 4);
      await connected(brokers.limited, 4);
      expect(await connackCode(brokers.limited, 4)).toBe(5);
    });

    it("closes a connection that sends no CONNECT after 2 s", async () => {
      const closedAfter = await closeOfSilentConnectionMs(brokers.limited, 5000);
      expect(closedAfter).toBeGreaterThan(1900);
      expect(closedAfter).toBeLessThan(2500);
    });

    it("stores 3 messages for an offline session: the latest 3", async () => {
      expect(await offlineSession(brokers.limited, 6)).toEqual({
        sessionPresent: true,
        payloads: ["message 4", "message 5", "message 6"],
      });
    });

    it("keeps a disconnected MQTT 3.1.1 session for 2 s", async () => {
      expect(await sessionsPresentAroundExpiry(brokers.limited)).toEqual([true, false]);
    });
  });

  describe("with accounts", () => {
    it("accepts an account and refuses a wrong password or none with CONNACK 4", async () => {
      expect(await accountConnackCodes(brokers.guarded, 4)).toEqual([0, 4, 4]);
    });

    it("delivers a publish within the account's topics and closes the connection for one outside", async () => {
      const watcher = await connected(brokers.guarded, 4, reader);
      expect(await subscribe(watcher, ["adapters/readings/#"])).toEqual([1]);
      const writer = await connected(brokers.guarded, 4, reader);
      await publishAcknowledged(writer, "adapters/readings/temp", "21.5");
      await receives(watcher, "adapters/readings/temp", "21.5");
      const publisher = await connected(brokers.guarded, 4, sensor);
      await publishAcknowledged(publisher, "adapters/telemetry/temp", "21.5");
      sendPublish(publisher, "adapters/valves/main", "open", 1);
      await publisher.expectClose(deliveryTimeoutMs);
    });

    it("grants a subscription within the account's topics and closes the connection for one outside", async () => {
      const client = await connected(brokers.guarded, 4, reader);
      expect(await subscribe(client, ["adapters/readings/+"])).toEqual([1]);
      sendSubscribe(client, "adapters/alarms/#");
      await client.expectClose(deliveryTimeoutMs);
    });
  });
});

// RabbitMQ 3.10.8 (MQTT 3.1.1) through its adapter (brokers/rabbitmq/*.mustache): with no
// settings it runs its own configuration, which has what its descriptor declares; each setting
// the adapter expresses, set small, shows on the wire. Needs Docker's engine; RabbitMQ takes
// about 11 s to start, so its three containers start together.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  accountConnackCodes,
  closeAll,
  closeClients,
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
  subscribe,
  uniqueId,
  type ProbeBroker,
} from "./broker-probe.ts";

describe("rabbitmq adapter", () => {
  let plain: ProbeBroker;
  let limited: ProbeBroker;
  let guarded: ProbeBroker;

  beforeAll(async () => {
    [plain, limited, guarded] = await Promise.all([
      startBroker("rabbitmq"),
      startBroker("rabbitmq", {
        limits: { connectTimeoutMs: 2000, mqtt3SessionExpirySeconds: 2, maxQueuedMessages: 3 },
        quotas: { maxConnections: 2 },
      }),
      startBroker("rabbitmq", {
        credentials: [sensorAccount, readerAccount],
      }),
    ]);
  }, 120_000);
  afterEach(() => closeClients());
  afterAll(() => closeAll(), 30_000);

  describe("with no settings", () => {
    it("runs its base configuration: anonymous clients, sessions of an hour, no definitions", () => {
      const configuration = plain.readFile("/var/lib/rabbitmq-conformance/rabbitmq.conf");
      expect(configuration).toMatch(/^mqtt\.allow_anonymous = true$/m);
      expect(configuration).toMatch(/^mqtt\.subscription_ttl = 3600000$/m);
      expect(configuration).not.toMatch(/load_definitions|login_timeout/);
    });

    it("grants a $share filter but treats it as a literal topic", async () => {
      expect(await shareFilterAsLiteral(plain)).toEqual([1]);
    });

    it("keeps retained messages for their exact topic and matches + and # filters", async () => {
      const base = uniqueId("adapters");
      const publisher = await connected(plain, 4);
      await publishAcknowledged(publisher, `${base}/shelf/a`, "kept", { retain: true });
      const subscriber = await connected(plain, 4);
      expect(await subscribe(subscriber, [`${base}/shelf/a`, `${base}/+/b`, `${base}/#`])).toEqual([1, 1, 1]);
      expect((await receives(subscriber, `${base}/shelf/a`, "kept")).retain).toBe(true);
      await publishAcknowledged(publisher, `${base}/x/b`, "live");
      await receives(subscriber, `${base}/x/b`, "live");
    });

    it("closes a silent client at 3 times its keep-alive, not 1.5 times", async () => {
      const closedAfter = await closeOfIdleClientMs(plain, 5000);
      expect(closedAfter).toBeGreaterThan(2900);
      expect(closedAfter).toBeLessThan(3500);
    });
  });

  describe("with small limits", () => {
    it("refuses a connection beyond 2 with CONNACK 5", async () => {
      await connected(limited, 4);
      await connected(limited, 4);
      expect(await connackCode(limited, 4)).toBe(5);
    });

    it("closes a connection that sends no CONNECT after 2 s", async () => {
      const closedAfter = await closeOfSilentConnectionMs(limited, 5000);
      expect(closedAfter).toBeGreaterThan(1900);
      expect(closedAfter).toBeLessThan(2500);
    });

    it("stores 3 messages for an offline session: the latest 3", async () => {
      expect(await offlineSession(limited, 6)).toEqual({
        sessionPresent: true,
        payloads: ["message 4", "message 5", "message 6"],
      });
    });

    it("keeps a disconnected MQTT 3.1.1 session for 2 s", async () => {
      expect(await sessionsPresentAroundExpiry(limited)).toEqual([true, false]);
    });
  });

  describe("with accounts", () => {
    it("accepts an account and refuses a wrong password or none with CONNACK 4", async () => {
      expect(await accountConnackCodes(guarded, 4)).toEqual([0, 4, 4]);
    });

    it("delivers a publish within the account's topics and closes the connection for one outside", async () => {
      const watcher = await connected(guarded, 4, reader);
      expect(await subscribe(watcher, ["adapters/readings/#"])).toEqual([1]);
      const writer = await connected(guarded, 4, reader);
      await publishAcknowledged(writer, "adapters/readings/temp", "21.5");
      await receives(watcher, "adapters/readings/temp", "21.5");
      const publisher = await connected(guarded, 4, sensor);
      await publishAcknowledged(publisher, "adapters/telemetry/temp", "21.5");
      sendPublish(publisher, "adapters/valves/main", "open", 1);
      await publisher.expectClose(deliveryTimeoutMs);
    });

    it("grants a subscription within the account's topics and closes the connection for one outside", async () => {
      const client = await connected(guarded, 4, reader);
      expect(await subscribe(client, ["adapters/readings/+"])).toEqual([1]);
      sendSubscribe(client, "adapters/alarms/#");
      await client.expectClose(deliveryTimeoutMs);
    });
  });
});

// RabbitMQ 3.10.8 (MQTT 3.1.1) through its adapter (brokers/rabbitmq/*.mustache): with no
// settings it runs its own configuration, which has what its descriptor declares; each setting
// the adapter expresses, set small, shows on the wire. Needs Docker's engine; RabbitMQ takes
// about 11 s to start, so its three containers start together.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MqttTestClient } from "../../support/driver/client.ts";
import {
  closeAll,
  closeClients,
  connackCode,
  connect,
  connected,
  deliveryTimeoutMs,
  payloadsOn,
  publishAcknowledged,
  receives,
  reader,
  receivesNothing,
  sensor,
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
        credentials: [
          { username: "sensor", password: "s3cret", publish: ["adapters/telemetry/#"] },
          { username: "reader", password: "r3ad", subscribe: ["adapters/readings/#"] },
        ],
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
      const topic = `${uniqueId("adapters")}/jobs`;
      const member = await connected(plain, 4);
      expect(await subscribe(member, [`$share/workers/${topic}`])).toEqual([1]);
      const publisher = await connected(plain, 4);
      await publishAcknowledged(publisher, topic, "job");
      await receivesNothing(member, topic);
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
      const client = await connected(plain, 4, { keepalive: 1 });
      const since = Date.now();
      const close = await client.expectClose(5000);
      expect(close.at - since).toBeGreaterThan(2900);
      expect(close.at - since).toBeLessThan(3500);
    });
  });

  describe("with small limits", () => {
    it("refuses a connection beyond 2 with CONNACK 5", async () => {
      await connected(limited, 4);
      await connected(limited, 4);
      expect(await connackCode(limited, 4)).toBe(5);
    });

    it("closes a connection that sends no CONNECT after 2 s", async () => {
      const silent = await MqttTestClient.open(
        { host: limited.host, port: limited.port },
        { name: "silent", protocolVersion: 4 },
      );
      const since = Date.now();
      const close = await silent.expectClose(5000);
      silent.dispose();
      expect(close.at - since).toBeGreaterThan(1900);
      expect(close.at - since).toBeLessThan(2500);
    });

    it("stores 3 messages for an offline session: the latest 3", async () => {
      const topic = `${uniqueId("adapters")}/log`;
      const clientId = uniqueId("stored");
      const subscriber = await connected(limited, 4, { clientId, clean: false });
      expect(await subscribe(subscriber, [topic])).toEqual([1]);
      await subscriber.disconnect(deliveryTimeoutMs);
      const publisher = await connected(limited, 4);
      for (let number = 1; number <= 6; number++) await publishAcknowledged(publisher, topic, `message ${number}`);
      const { client: back, connack } = await connect(limited, 4, { clientId, clean: false });
      expect(connack.sessionPresent).toBe(true);
      expect(await payloadsOn(back, topic)).toEqual(["message 4", "message 5", "message 6"]);
    });

    it("keeps a disconnected MQTT 3.1.1 session for 2 s", async () => {
      const clientIds = [uniqueId("early"), uniqueId("late")];
      for (const clientId of clientIds) {
        const client = await connected(limited, 4, { clientId, clean: false });
        expect(await subscribe(client, [`${clientId}/inbox`])).toEqual([1]);
        client.drop();
      }
      closeClients();
      await new Promise((resolve) => setTimeout(resolve, 1000)); // half the session expiry
      expect((await connect(limited, 4, { clientId: clientIds[0], clean: false })).connack.sessionPresent).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // past the expiry of the other
      expect((await connect(limited, 4, { clientId: clientIds[1], clean: false })).connack.sessionPresent).toBe(false);
    });
  });

  describe("with accounts", () => {
    it("accepts an account and refuses a wrong password or none with CONNACK 4", async () => {
      expect(await connackCode(guarded, 4, sensor)).toBe(0);
      expect(await connackCode(guarded, 4, { ...sensor, password: Buffer.from("guess") })).toBe(4);
      expect(await connackCode(guarded, 4)).toBe(4);
    });

    it("delivers a publish within the account's topics and closes the connection for one outside", async () => {
      const watcher = await connected(guarded, 4, reader);
      expect(await subscribe(watcher, ["adapters/readings/#"])).toEqual([1]);
      const writer = await connected(guarded, 4, reader);
      await publishAcknowledged(writer, "adapters/readings/temp", "21.5");
      await receives(watcher, "adapters/readings/temp", "21.5");
      const publisher = await connected(guarded, 4, sensor);
      await publishAcknowledged(publisher, "adapters/telemetry/temp", "21.5");
      publisher.send({
        cmd: "publish",
        topic: "adapters/valves/main",
        payload: Buffer.from("open"),
        qos: 1,
        messageId: publisher.allocatePacketId(),
        retain: false,
        dup: false,
      });
      await publisher.expectClose(deliveryTimeoutMs);
    });

    it("grants a subscription within the account's topics and closes the connection for one outside", async () => {
      const client = await connected(guarded, 4, reader);
      expect(await subscribe(client, ["adapters/readings/+"])).toEqual([1]);
      client.send({
        cmd: "subscribe",
        messageId: client.allocatePacketId(),
        subscriptions: [{ topic: "adapters/alarms/#", qos: 1 }],
      });
      await client.expectClose(deliveryTimeoutMs);
    });
  });
});

// ejabberd 23.01 mod_mqtt through its adapter (brokers/ejabberd/*.mustache): with no settings it
// runs its own configuration and announces what its descriptor declares (it also enforces a
// Maximum Packet Size it never announces); each setting the adapter expresses, set small, shows
// on the wire. Needs Docker's engine.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { publishOfSize } from "../../support/harness/packet-sizes.ts";
import {
  announcementMismatches,
  askingForEverything,
  connackCode,
  connect,
  connected,
  deliveryTimeoutMs,
  expectRetainedAndWildcards,
  offlineSession,
  publishAcknowledged,
  reader,
  readerAccount,
  receives,
  receivesNothing,
  sendAliasOverMaximum,
  sendSubscribe,
  sensor,
  sensorAccount,
  sessionsPresentAroundExpiry,
  startBroker,
  startedTogether,
  subscribe,
  topicOfSlashes,
  uniqueId,
} from "./broker-probe.ts";

describe("ejabberd adapter", () => {
  const brokers = startedTogether({
    plain: () => startBroker("ejabberd"),
    limited: () =>
      startBroker("ejabberd", {
        limits: { maxQueuedMessages: 3, topicAliasMaximum: 2, maxTopicSlashes: 3, mqtt3SessionExpirySeconds: 2 },
      }),
    guarded: () =>
      startBroker("ejabberd", {
        credentials: [sensorAccount, readerAccount, { username: "other", password: "0ther" }],
      }),
  });

  describe("with no settings", () => {
    it("runs its base configuration as it is", () => {
      const template = readFileSync(new URL("../../brokers/ejabberd/ejabberd.yml.template", import.meta.url), "utf8");
      const values: Record<string, string> = {
        MQTT_PORT: String(brokers.plain.port),
        MQTT_HOST: "127.0.0.1",
        SESSION_EXPIRY_SECONDS: "3600",
        MQTT_MAX_PAYLOAD_SIZE: "131072",
        EJABBERD_LOG_LEVEL: "info",
        AUTH_METHOD: "anonymous",
      };
      expect(brokers.plain.readFile("/var/lib/ejabberd-conformance/ejabberd.yml")).toBe(
        template.replace(/@([A-Z_]+)@/g, (whole, name: string) => values[name] ?? whole),
      );
    });

    it("announces in CONNACK what its descriptor declares", async () => {
      const { connack } = await connect(brokers.plain, 5, askingForEverything);
      expect(announcementMismatches(brokers.plain.descriptor, connack)).toEqual([]);
    });

    it(
      "closes a PUBLISH over 131075 bytes with DISCONNECT 0x95 " + "although it announces no Maximum Packet Size",
      async () => {
        const topic = `${uniqueId("adapters")}/parcels`;
        const bystander = await connected(brokers.plain, 5);
        expect(await subscribe(bystander, [`${topic}/#`])).toEqual([1]);
        bystander.send(publishOfSize(`${topic}/largest`, 131075, 5));
        await receives(bystander, `${topic}/largest`);
        const rogue = await connected(brokers.plain, 5);
        rogue.send(publishOfSize(`${topic}/huge`, 131076, 5));
        expect((await rogue.expectClose(deliveryTimeoutMs)).disconnect?.reasonCode).toBe(0x95);
      },
    );

    it("does not share a $share subscription: it closes the connection", async () => {
      const client = await connected(brokers.plain, 5);
      sendSubscribe(client, `$share/workers/${uniqueId("adapters")}/jobs`);
      await client.expectClose(deliveryTimeoutMs);
    });

    it("keeps retained messages and matches + and # filters", async () => {
      await expectRetainedAndWildcards(brokers.plain, 5);
    });

    it("takes a client identifier of 1023 bytes and refuses one of 1024 with 0x85", async () => {
      expect(await connackCode(brokers.plain, 5, { clientId: "c".repeat(1023) })).toBe(0);
      expect(await connackCode(brokers.plain, 5, { clientId: "c".repeat(1024) })).toBe(0x85);
    });

    it("grants a filter of 7 slashes and refuses one of 8 with 0x8F", async () => {
      const client = await connected(brokers.plain, 5);
      expect(await subscribe(client, [topicOfSlashes(7), topicOfSlashes(8)])).toEqual([1, 0x8f]);
    });
  });

  describe("with small limits", () => {
    it("announces the topic alias maximum, and the session expiry as the longest it grants", async () => {
      const { connack } = await connect(brokers.limited, 5, askingForEverything);
      expect(connack.properties).toMatchObject({ topicAliasMaximum: 2, sessionExpiryInterval: 2 });
    });

    it("takes topic alias 2 and closes the connection for alias 3", async () => {
      const topic = `${uniqueId("adapters")}/aliased`;
      const client = await connected(brokers.limited, 5);
      expect(await publishAcknowledged(client, topic, "first", { properties: { topicAlias: 2 } })).toBeLessThan(0x80);
      sendAliasOverMaximum(client, topic);
      await client.expectClose(deliveryTimeoutMs);
    });

    it("grants a filter of 3 slashes and refuses one of 4 with 0x8F", async () => {
      const client = await connected(brokers.limited, 5);
      expect(await subscribe(client, [topicOfSlashes(3), topicOfSlashes(4)])).toEqual([1, 0x8f]);
    });

    it("stores 3 messages for an offline session, and drops the session with them at the 4th", async () => {
      for (const published of [3, 4]) {
        const { sessionPresent, payloads } = await offlineSession(brokers.limited, published);
        expect(sessionPresent).toBe(published === 3);
        expect(payloads.length).toBe(published === 3 ? 3 : 0);
      }
    });

    it("keeps a disconnected MQTT 3.1.1 session for 2 s", async () => {
      expect(await sessionsPresentAroundExpiry(brokers.limited)).toEqual([true, false]);
    });
  });

  describe("with accounts", () => {
    it("accepts an account and refuses a wrong password or none, with 0x87 (5) and 5 (3.1.1)", async () => {
      for (const version of [5, 4] as const) {
        expect(await connackCode(brokers.guarded, version, sensor)).toBe(0);
        expect(await connackCode(brokers.guarded, version, { ...sensor, password: Buffer.from("guess") })).toBe(
          version === 5 ? 0x87 : 5,
        );
        expect(await connackCode(brokers.guarded, version, { username: undefined, password: undefined })).toBe(
          version === 5 ? 0x87 : 5,
        );
        expect(await connackCode(brokers.guarded, version, sensor)).toBe(0);
      }
    });

    it("refuses a publish outside the account's topics with PUBACK 0x90 and does not deliver it", async () => {
      const watcher = await connected(brokers.guarded, 5, sensor);
      expect(await subscribe(watcher, ["adapters/#"])).toEqual([1]);
      const publisher = await connected(brokers.guarded, 5, sensor);
      expect(await publishAcknowledged(publisher, "adapters/valves/main", "open")).toBe(0x90);
      expect(await publishAcknowledged(publisher, "adapters/telemetry/temp", "21.5")).toBeLessThan(0x80);
      await receives(watcher, "adapters/telemetry/temp", "21.5");
      await receivesNothing(watcher, "adapters/valves/main");
    });

    it("lets two accounts publish under the filter they share (#)", async () => {
      const watcher = await connected(brokers.guarded, 5, sensor);
      expect(await subscribe(watcher, ["adapters/valves/#"])).toEqual([1]);
      for (const account of [reader, { username: "other", password: Buffer.from("0ther") }]) {
        const publisher = await connected(brokers.guarded, 5, account);
        expect(await publishAcknowledged(publisher, `adapters/valves/${account.username}`, "open")).toBeLessThan(0x80);
        await receives(watcher, `adapters/valves/${account.username}`, "open");
      }
    });

    it("refuses a subscription outside the account's topics with 0x8F", async () => {
      const client = await connected(brokers.guarded, 5, reader);
      expect(await subscribe(client, ["adapters/readings/+", "adapters/alarms/#"])).toEqual([1, 0x8f]);
    });
  });
});

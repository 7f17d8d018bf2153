// The real brokers' adapters: with no settings each renders nothing its entrypoint would apply (so
// the broker runs its base configuration), a full example renders the expected lines, each
// descriptor expresses exactly the settings intended, and a value a broker refuses is reported.
import { describe, expect, it } from "vitest";
import { expressiblePaths, inexpressibleSettings, renderSettings } from "../../support/brokers/adapters.ts";
import { loadDescriptor } from "../../support/brokers/descriptor.ts";
import type { BrokerSettings } from "../../support/brokers/settings.ts";

function rendered(broker: string, settings: BrokerSettings): Record<string, string> {
  const rendering = renderSettings(loadDescriptor(broker), settings);
  if (!rendering.ok) throw new Error(rendering.inexpressible.map((item) => item.reason).join("; "));
  return rendering.environment;
}

/** The "name value" lines that have a value: what an entrypoint applies. */
function applied(lines: string): string[] {
  return lines.split("\n").filter((line) => /^\S+ \S/.test(line));
}

const accounts: BrokerSettings["credentials"] = [
  { username: "sensor", password: "s3cret", publish: ["t1/telemetry/#"] },
  { username: "reader", password: "r:3ad", subscribe: ["t1/readings/#", "t1/alarms/+"] },
];

const credentialPaths = [
  "credentials",
  "credentials.username",
  "credentials.password",
  "credentials.publish",
  "credentials.subscribe",
];

describe("mosquitto adapter", () => {
  for (const broker of ["mosquitto", "mosquitto-aws-like"]) {
    it(`${broker}: no settings render nothing to apply, so its profile's configuration runs as it is`, () => {
      const environment = rendered(broker, {});
      expect(Object.keys(environment).sort()).toEqual(["MOSQUITTO_ACL", "MOSQUITTO_PASSWORDS", "MOSQUITTO_SETTINGS"]);
      expect(applied(environment.MOSQUITTO_SETTINGS)).toEqual([]);
      expect(environment.MOSQUITTO_PASSWORDS).toBe("");
      expect(environment.MOSQUITTO_ACL).toBe("");
    });

    const expressed =
      "packet size, topic aliases, receive maximum, stored messages, keep-alive, connections, " +
      "MQTT 3.1.1 session expiry, Maximum QoS, Retain Available and accounts";
    it(`${broker}: expresses ${expressed}`, () => {
      expect([...expressiblePaths(loadDescriptor(broker))].sort()).toEqual(
        [
          ...credentialPaths,
          "limits.maximumPacketSize",
          "limits.topicAliasMaximum",
          "limits.receiveMaximum",
          "limits.maxQueuedMessages",
          "limits.maxKeepAliveSeconds",
          "limits.mqtt3SessionExpirySeconds",
          "limits.maximumQos",
          "limits.retainAvailable",
          "quotas.maxConnections",
        ].sort(),
      );
    });
  }

  it("renders every setting as a mosquitto.conf line, 0 included, and accounts as a password file and an ACL", () => {
    const environment = rendered("mosquitto", {
      limits: {
        maximumPacketSize: 2048,
        topicAliasMaximum: 0,
        receiveMaximum: 3,
        maxQueuedMessages: 3,
        maxKeepAliveSeconds: 10,
        mqtt3SessionExpirySeconds: 7200,
        maximumQos: 1,
        retainAvailable: 0,
      },
      quotas: { maxConnections: 2 },
      credentials: accounts,
    });
    expect(applied(environment.MOSQUITTO_SETTINGS)).toEqual([
      "max_packet_size 2048",
      "max_topic_alias 0",
      "max_inflight_messages 3",
      "max_queued_messages 3",
      "max_keepalive 10",
      "max_connections 2",
      "max_qos 1",
      "retain_available 0",
      "persistent_client_expiration_seconds 7200",
    ]);
    expect(environment.MOSQUITTO_PASSWORDS).toBe("sensor:s3cret\nreader:r:3ad\n");
    expect(environment.MOSQUITTO_ACL.trim().split("\n")).toEqual([
      "user sensor",
      "topic write t1/telemetry/#",
      "topic read #",
      "",
      "user reader",
      "topic write #",
      "topic read t1/readings/#",
      "topic read t1/alarms/+",
    ]);
  });

  it("reports what mosquitto refuses or has no option for", () => {
    const reasons = inexpressibleSettings(loadDescriptor("mosquitto"), {
      limits: {
        maxKeepAliveSeconds: 5,
        maximumPacketSize: 19,
        maxQueuedMessages: 0,
        mqtt3SessionExpirySeconds: 60,
        maxClientIdBytes: 23,
      },
      credentials: [{ username: "sensor", password: "s3cret", clientIds: ["sensor"] }],
    }).map((item) => item.path);
    expect(reasons.sort()).toEqual([
      "credentials.clientIds",
      "limits.maxClientIdBytes",
      "limits.maxKeepAliveSeconds",
      "limits.maxQueuedMessages",
      "limits.maximumPacketSize",
      "limits.mqtt3SessionExpirySeconds",
    ]);
  });
});

describe("ejabberd adapter", () => {
  it("no settings render nothing to apply, so its base configuration runs as it is", () => {
    const environment = rendered("ejabberd", {});
    expect(Object.keys(environment).sort()).toEqual(["EJABBERD_ACCESS", "EJABBERD_ACCOUNTS", "EJABBERD_SETTINGS"]);
    expect(applied(environment.EJABBERD_SETTINGS)).toEqual([]);
    expect(environment.EJABBERD_ACCOUNTS).toBe("");
    expect(environment.EJABBERD_ACCESS).toBe("");
  });

  it("expresses stored messages, topic aliases, filter depth, both session expiries and accounts", () => {
    expect([...expressiblePaths(loadDescriptor("ejabberd"))].sort()).toEqual(
      [
        ...credentialPaths,
        "limits.maxQueuedMessages",
        "limits.topicAliasMaximum",
        "limits.maxTopicSlashes",
        "limits.mqtt3SessionExpirySeconds",
        "limits.maxSessionExpirySeconds",
      ].sort(),
    );
  });

  it("renders the settings for entrypoint.sh, and the accounts with their filters", () => {
    const environment = rendered("ejabberd", {
      limits: { maxQueuedMessages: 3, topicAliasMaximum: 0, maxTopicSlashes: 3, mqtt3SessionExpirySeconds: 2 },
      credentials: accounts,
    });
    expect(applied(environment.EJABBERD_SETTINGS)).toEqual([
      "max_queued_messages 3",
      "max_topic_aliases 0",
      "max_topic_slashes 3",
      "mqtt3_session_expiry 2",
    ]);
    expect(environment.EJABBERD_ACCOUNTS).toBe("sensor:s3cret\nreader:r:3ad\n");
    expect(environment.EJABBERD_ACCESS.trim().split("\n")).toEqual([
      "user sensor",
      "publish t1/telemetry/#",
      "subscribe #",
      "user reader",
      "publish #",
      "subscribe t1/readings/#",
      "subscribe t1/alarms/+",
    ]);
  });

  it("reports a stored-message limit under 2 and what ejabberd has no option for (or does not announce)", () => {
    const reasons = inexpressibleSettings(loadDescriptor("ejabberd"), {
      limits: { maxQueuedMessages: 1, receiveMaximum: 5, connectTimeoutMs: 300, maximumPacketSize: 2048 },
    }).map((item) => item.path);
    expect(reasons.sort()).toEqual([
      "limits.connectTimeoutMs",
      "limits.maxQueuedMessages",
      "limits.maximumPacketSize",
      "limits.receiveMaximum",
    ]);
  });
});

describe("rabbitmq adapter", () => {
  it("no settings render nothing to apply, so its base configuration runs as it is", () => {
    const environment = rendered("rabbitmq", {});
    expect(Object.keys(environment).sort()).toEqual(["RABBITMQ_ACCOUNTS", "RABBITMQ_SETTINGS"]);
    expect(applied(environment.RABBITMQ_SETTINGS)).toEqual([]);
    expect(environment.RABBITMQ_ACCOUNTS).toBe("");
  });

  it("expresses connect timeout, MQTT 3.1.1 session expiry, stored messages, connections and accounts", () => {
    expect([...expressiblePaths(loadDescriptor("rabbitmq"))].sort()).toEqual(
      [
        ...credentialPaths,
        "limits.connectTimeoutMs",
        "limits.mqtt3SessionExpirySeconds",
        "limits.maxQueuedMessages",
        "quotas.maxConnections",
      ].sort(),
    );
  });

  it("renders the settings for entrypoint.sh, and each account with its filters", () => {
    const environment = rendered("rabbitmq", {
      limits: { connectTimeoutMs: 2000, mqtt3SessionExpirySeconds: 2, maxQueuedMessages: 0 },
      quotas: { maxConnections: 2 },
      credentials: accounts,
    });
    expect(applied(environment.RABBITMQ_SETTINGS)).toEqual([
      "login_timeout_ms 2000",
      "session_expiry_seconds 2",
      "max_queued_messages 0",
      "max_connections 2",
    ]);
    expect(environment.RABBITMQ_ACCOUNTS.trim().split("\n")).toEqual([
      "user sensor",
      "password s3cret",
      "publish t1/telemetry/#",
      "user reader",
      "password r:3ad",
      "subscribe t1/readings/#",
      "subscribe t1/alarms/+",
    ]);
  });
});

describe("aedes adapter", () => {
  it("no settings pass an empty object", () => {
    expect(rendered("aedes", {})).toEqual({ AEDES_SETTINGS: "{}" });
  });

  it("takes topic depth, keep-alive limit, connect timeout, connections and accounts with client identifiers", () => {
    expect([...expressiblePaths(loadDescriptor("aedes"))].sort()).toEqual(
      [
        "credentials.username",
        "credentials.password",
        "credentials.clientIds",
        "credentials.publish",
        "credentials.subscribe",
        "limits.maxTopicSlashes",
        "limits.maxKeepAliveSeconds",
        "limits.connectTimeoutMs",
        "quotas.maxConnections",
      ].sort(),
    );
  });

  it(
    "passes the settings it takes as they are, " +
      "and reports a depth over its ceiling and what it has no option for",
    () => {
      const settings: BrokerSettings = {
        limits: { maxTopicSlashes: 3, connectTimeoutMs: 1000 },
        credentials: [{ username: "a", password: "b", clientIds: ["a-*"] }],
      };
      expect(JSON.parse(rendered("aedes", settings).AEDES_SETTINGS)).toEqual(settings);
      const reasons = inexpressibleSettings(loadDescriptor("aedes"), {
        limits: { maxTopicSlashes: 100, maxQueuedMessages: 3, maximumPacketSize: 2048 },
      }).map((item) => item.path);
      expect(reasons.sort()).toEqual([
        "limits.maxQueuedMessages",
        "limits.maxTopicSlashes",
        "limits.maximumPacketSize",
      ]);
    },
  );
});

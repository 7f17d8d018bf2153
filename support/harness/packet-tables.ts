// Packets written as `| field | value |` tables, for scenarios that are about a packet's fields:
// CONNECT (client identifier, keep-alive, session, credentials, Will and properties), PUBLISH,
// SUBSCRIBE and UNSUBSCRIBE. Topics and filters are in the scenario's namespace, client
// identifiers too; MQTT 5 properties go by their names in the specification (properties.ts);
// "short" stands for the shortest interval the broker honours (timing.ts).
import type {
  IConnectPacket,
  IDisconnectPacket,
  IPublishPacket,
  ISubscribePacket,
  IUnsubscribePacket,
  Packet,
  QoS,
} from "mqtt-packet";
import type { ConnectFields, MqttTestClient } from "../driver/client.ts";
import { isPropertyName, propertiesFrom } from "./properties.ts";
import type { ConformanceWorld } from "./world.ts";

type Rows = readonly string[][];

/** Client rules a step may break on purpose, as scenarios name them, with the rule each states. */
export const clientRules: Record<string, string> = {
  "the broker's Maximum QoS": "no PUBLISH above the broker's Maximum QoS [MQTT-3.2.2-11]",
  "the topic alias rules":
    "a topic alias is from 1 to the broker's Topic Alias Maximum [MQTT-3.2.2-17] [MQTT-3.3.2-8]",
  "the broker's Receive Maximum":
    "no more unacknowledged QoS 1 PUBLISHes than the broker's Receive Maximum [MQTT-3.3.4-7]",
  "the rule that an identifier in use is not reused":
    "a packet identifier in use is not used for a new packet [MQTT-2.2.1-3]",
  "the rule that a Response Topic has no wildcards":
    "a Response Topic is a Topic Name, without wildcards [MQTT-3.3.2-14]",
  "the broker's Maximum Packet Size": "no packet larger than the broker's Maximum Packet Size [MQTT-3.2.2-15]",
  "the rule that a Session Expiry Interval of 0 stays 0":
    "a Session Expiry Interval of 0 from CONNECT cannot be raised on DISCONNECT [MQTT-3.14.2-2]",
};

/** Rows split into the packet's own fields and its MQTT 5 properties (any other name). */
function split(rows: Rows, fields: readonly string[]): { own: Map<string, string[]>; properties: string[][] } {
  const own = new Map<string, string[]>();
  const properties: string[][] = [];
  for (const [name, value] of rows) {
    if (fields.includes(name)) own.set(name, [...(own.get(name) ?? []), value]);
    else properties.push([name, value]);
  }
  return { own, properties };
}

const publishFields = ["topic", "payload", "QoS", "retain", "DUP", "packet identifier"];

/** A PUBLISH: topic, payload, QoS (0), retain (0), DUP (0), packet identifier (allocated at QoS > 0). */
export function publishFromRows(world: ConformanceWorld, client: MqttTestClient, rows: Rows): IPublishPacket {
  const { own, properties } = split(rows, publishFields);
  const qos = Number(own.get("QoS")?.[0] ?? 0) as QoS;
  const topic = own.get("topic")?.[0] ?? "";
  const messageId = own.has("packet identifier")
    ? Number(own.get("packet identifier")![0])
    : qos > 0
      ? client.allocatePacketId()
      : undefined;
  const props = propertiesFrom<NonNullable<IPublishPacket["properties"]>>(world, properties, client);
  return {
    cmd: "publish",
    topic: topic === "" ? "" : world.topic(topic),
    payload: Buffer.from(own.get("payload")?.[0] ?? ""),
    qos,
    retain: own.get("retain")?.[0] === "1",
    dup: own.get("DUP")?.[0] === "1",
    ...(messageId === undefined ? {} : { messageId }),
    ...(Object.keys(props).length > 0 ? { properties: props } : {}),
  };
}

/** Subscription options after a `filter` row (MQTT 5), as mqtt-packet names them. */
const subscriptionOptions: Record<string, "nl" | "rap" | "rh"> = {
  "No Local": "nl",
  "Retain As Published": "rap",
  "Retain Handling": "rh",
};

/**
 * A SUBSCRIBE: one or more `filter` rows, each followed by its `QoS` (default 0) and, in MQTT 5,
 * its options `No Local`, `Retain As Published` (0 or 1) and `Retain Handling` (0 to 2); packet
 * identifier; properties.
 */
export function subscribeFromRows(world: ConformanceWorld, client: MqttTestClient, rows: Rows): ISubscribePacket {
  const subscriptions: ISubscribePacket["subscriptions"] = [];
  const rest: string[][] = [];
  for (const [name, value] of rows) {
    const last = subscriptions[subscriptions.length - 1];
    if (name === "filter") subscriptions.push({ topic: world.topic(value), qos: 0 });
    else if (name === "QoS" && last) last.qos = Number(value) as QoS;
    else if (name in subscriptionOptions && last)
      Object.assign(last, {
        [subscriptionOptions[name]]: subscriptionOptions[name] === "rh" ? Number(value) : value === "1",
      });
    else rest.push([name, value]);
  }
  const { own, properties } = split(rest, ["packet identifier"]);
  const props = propertiesFrom<NonNullable<ISubscribePacket["properties"]>>(world, properties, client);
  return {
    cmd: "subscribe",
    messageId: own.has("packet identifier") ? Number(own.get("packet identifier")![0]) : client.allocatePacketId(),
    subscriptions,
    ...(Object.keys(props).length > 0 ? { properties: props } : {}),
  };
}

/** An UNSUBSCRIBE: one or more `filter` rows, packet identifier, properties. */
export function unsubscribeFromRows(world: ConformanceWorld, client: MqttTestClient, rows: Rows): IUnsubscribePacket {
  const { own, properties } = split(rows, ["filter", "packet identifier"]);
  const props = propertiesFrom<NonNullable<IUnsubscribePacket["properties"]>>(world, properties, client);
  return {
    cmd: "unsubscribe",
    messageId: own.has("packet identifier") ? Number(own.get("packet identifier")![0]) : client.allocatePacketId(),
    unsubscriptions: (own.get("filter") ?? []).map((filter) => world.topic(filter)),
    ...(Object.keys(props).length > 0 ? { properties: props } : {}),
  };
}

const connectFields = [
  "client identifier",
  "keep-alive",
  "Clean Start",
  "user",
  "password",
  "credentials",
  "Will topic",
  "Will payload",
  "Will QoS",
  "Will retain",
];

/** A client identifier of exactly `bytes` bytes, unique to the scenario (empty for 0). */
export function clientIdOfBytes(world: ConformanceWorld, name: string, bytes: number): string {
  // one or two bytes cannot hold the scenario's namespace: random letters and digits instead
  if (bytes > 0 && bytes <= 2)
    return Array.from(
      { length: bytes },
      () => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[Math.floor(Math.random() * 62)],
    ).join("");
  const base = world.clientId(name);
  return base.length >= bytes ? base.slice(0, bytes) : base + "x".repeat(bytes - base.length);
}

/**
 * A client identifier as a table writes it: as is, `N bytes`, `empty`, or `one byte longer than the broker allows`.
 */
function clientIdentifier(world: ConformanceWorld, name: string, value: string): string {
  const ofBytes = (bytes: number): string => clientIdOfBytes(world, name, bytes);
  if (value === "empty") return "";
  if (value === "the longest the broker allows") return ofBytes(world.requireLimit("maxClientIdBytes"));
  if (value === "one byte longer than the broker allows") return ofBytes(world.requireLimit("maxClientIdBytes") + 1);
  const bytes = /^(\d+) bytes$/.exec(value);
  if (bytes) return ofBytes(Number(bytes[1]));
  const other = /^the one of "(.+)"$/.exec(value);
  return world.clientId(other ? other[1] : value);
}

/**
 * CONNECT fields: client identifier, keep-alive (seconds, or `short`), Clean Start (0 or 1), user
 * and password (or credentials `none`), the Will (`Will topic`, `Will payload`, `Will QoS`,
 * `Will retain`, and Will Properties as `Will <property name>`), and CONNECT properties.
 */
export function connectFieldsFromRows(world: ConformanceWorld, name: string, rows: Rows): ConnectFields {
  // "Will Delay Interval" is a property's own name; "Will Content Type" is the Will's Content Type
  const willProperties = rows
    .filter(([field]) => field.startsWith("Will ") && !connectFields.includes(field))
    .map(([field, value]) => [isPropertyName(field) ? field : field.slice("Will ".length), value]);
  const { own, properties } = split(
    rows.filter(([field]) => !field.startsWith("Will ") || connectFields.includes(field)),
    connectFields,
  );
  const value = (field: string): string | undefined => own.get(field)?.[0];
  const fields: ConnectFields = {};
  if (value("client identifier") !== undefined)
    fields.clientId = clientIdentifier(world, name, value("client identifier")!);
  if (value("keep-alive") !== undefined)
    fields.keepalive = value("keep-alive") === "short" ? world.shortKeepAlive : Number(value("keep-alive"));
  if (value("Clean Start") !== undefined) fields.clean = value("Clean Start") === "1";
  if (value("credentials") === "none") Object.assign(fields, { username: undefined, password: undefined });
  if (value("user") !== undefined) fields.username = value("user");
  if (value("password") !== undefined) fields.password = Buffer.from(value("password")!);
  if (value("Will topic") !== undefined) {
    const props = propertiesFrom<NonNullable<NonNullable<IConnectPacket["will"]>["properties"]>>(
      world,
      willProperties,
    );
    fields.will = {
      topic: world.topic(value("Will topic")!),
      payload: Buffer.from(value("Will payload") ?? `${name} is gone`),
      qos: Number(value("Will QoS") ?? 0) as QoS,
      retain: value("Will retain") === "1",
      ...(Object.keys(props).length > 0 ? { properties: props } : {}),
    };
  }
  const props = propertiesFrom<NonNullable<IConnectPacket["properties"]>>(world, properties);
  if (Object.keys(props).length > 0) fields.properties = props;
  return fields;
}

/** The QoS 2 packets and AUTH from rows: packet identifier (QoS 2 packets), reason code, properties. */
function acknowledgementFromRows(
  world: ConformanceWorld,
  client: MqttTestClient,
  type: "pubrec" | "pubrel" | "pubcomp" | "auth",
  rows: Rows,
): Packet {
  const { own, properties } = split(rows, ["packet identifier", "reason code"]);
  const props = propertiesFrom<Record<string, unknown>>(world, properties, client);
  const reasonCode = own.has("reason code")
    ? Number.parseInt(own.get("reason code")![0], 16)
    : client.protocolVersion === 5
      ? 0
      : undefined;
  const base = {
    ...(reasonCode === undefined ? {} : { reasonCode }),
    ...(Object.keys(props).length > 0 ? { properties: props } : {}),
  };
  if (type === "auth") return { cmd: "auth", reasonCode: reasonCode ?? 0, ...base } as Packet;
  return {
    cmd: type,
    messageId: Number(own.get("packet identifier")?.[0] ?? client.allocatePacketId()),
    ...base,
  } as Packet;
}

/** DISCONNECT fields: its reason code (hex), and MQTT 5 properties by name. */
export function disconnectFromRows(world: ConformanceWorld, rows: Rows): IDisconnectPacket {
  const { own, properties } = split(rows, ["reason code"]);
  const props = propertiesFrom<NonNullable<IDisconnectPacket["properties"]>>(world, properties);
  return {
    cmd: "disconnect",
    reasonCode: Number.parseInt(own.get("reason code")?.[0] ?? "0x00", 16),
    ...(Object.keys(props).length > 0 ? { properties: props } : {}),
  };
}

/**
 * Any packet a step sends from a table, by its name: PUBLISH, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT,
 * PUBREC, PUBREL, PUBCOMP, AUTH.
 */
export function packetFromRows(world: ConformanceWorld, client: MqttTestClient, type: string, rows: Rows): Packet {
  switch (type) {
    case "PUBLISH":
      return publishFromRows(world, client, rows);
    case "SUBSCRIBE":
      return subscribeFromRows(world, client, rows);
    case "UNSUBSCRIBE":
      return unsubscribeFromRows(world, client, rows);
    case "DISCONNECT":
      return disconnectFromRows(world, rows);
    default:
      return acknowledgementFromRows(
        world,
        client,
        type.toLowerCase() as "pubrec" | "pubrel" | "pubcomp" | "auth",
        rows,
      );
  }
}

// Valid packets for the fuzzer to start from, generated with mqtt-packet: every packet type a
// client sends, in both protocol versions, with the properties MQTT 5 allows, over a small set of
// topics and client identifiers so that fuzz connections also publish to each other, take over
// each other's sessions and leave retained messages, as real clients would.
import type { IConnectPacket, IPublishPacket, ISubscribePacket, Packet } from "mqtt-packet";
import type { Random } from "./random.ts";

export type ProtocolVersion = 4 | 5;

/** Names a fuzz campaign uses, so that it stays out of other clients' way. */
export interface Namespace {
  /** Topic prefix of the campaign (`fuzz/<seed>`). */
  topic: string;
  /** Client identifier prefix of the campaign. */
  clientId: string;
}

const topicLevels = ["a", "b", "state", "", "x y", "ü"];

function topicName(random: Random, namespace: Namespace): string {
  if (random.chance(0.05)) return random.pick(["$aws/things/fuzz/shadow/update", "$SYS/fuzz", "/fuzz"]);
  const depth = random.between(1, 3);
  return [namespace.topic, ...Array.from({ length: depth }, () => random.pick(topicLevels))].join("/");
}

function topicFilter(random: Random, namespace: Namespace): string {
  const shape = random.below(6);
  if (shape === 0) return `${namespace.topic}/#`;
  if (shape === 1) return `${namespace.topic}/+/${random.pick(topicLevels)}`;
  if (shape === 2) return `$share/${random.pick(["g", "h"])}/${topicName(random, namespace)}`;
  if (shape === 3 && random.chance(0.2)) return random.pick(["#", "+", "$aws/#", "+/+"]);
  return topicName(random, namespace);
}

function userProperties(random: Random): Record<string, string | string[]> {
  return random.chance(0.5) ? { k: random.pick(["v", "w"]) } : { k: ["1", "2"], z: "é" };
}

/** CONNECT of a client whose identifier comes from a small pool; sessions stay short-lived. */
export function connectPacket(random: Random, version: ProtocolVersion, namespace: Namespace): IConnectPacket {
  const packet: IConnectPacket = {
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: version,
    clientId: random.chance(0.05) ? "" : `${namespace.clientId}-${random.below(48)}`,
    clean: random.chance(0.7),
    keepalive: random.pick([0, 1, 5, 60]),
  };
  if (random.chance(0.2)) {
    packet.username = "fuzz";
    packet.password = Buffer.from("secret");
  }
  if (random.chance(0.4)) {
    packet.will = {
      topic: topicName(random, namespace),
      payload: random.bytes(random.below(16)),
      qos: random.below(2) as 0 | 1,
      retain: random.chance(0.2),
    };
    if (version === 5 && random.chance(0.6))
      packet.will.properties = {
        willDelayInterval: random.below(3),
        messageExpiryInterval: random.between(1, 30),
        contentType: "text/plain",
        userProperties: userProperties(random),
      };
  }
  if (version === 5) {
    packet.properties = {
      sessionExpiryInterval: random.pick([0, 0, 2, 5]),
      receiveMaximum: random.between(1, 50),
      ...(random.chance(0.3) ? { maximumPacketSize: random.between(64, 2048) } : {}),
      ...(random.chance(0.3) ? { topicAliasMaximum: random.below(10) } : {}),
      ...(random.chance(0.3) ? { requestProblemInformation: random.chance(0.5) } : {}),
      ...(random.chance(0.3) ? { userProperties: userProperties(random) } : {}),
    };
  }
  return packet;
}

function publishPacket(random: Random, version: ProtocolVersion, namespace: Namespace): IPublishPacket {
  const qos = random.below(2) as 0 | 1;
  const packet: IPublishPacket = {
    cmd: "publish",
    topic: topicName(random, namespace),
    payload: random.bytes(random.below(random.chance(0.05) ? 2000 : 40)),
    qos,
    retain: random.chance(0.2),
    dup: false,
    ...(qos > 0 ? { messageId: random.between(1, 65535) } : {}),
  };
  if (version === 5 && random.chance(0.6)) {
    packet.properties = {
      ...(random.chance(0.4) ? { messageExpiryInterval: random.between(1, 20) } : {}),
      ...(random.chance(0.3) ? { payloadFormatIndicator: random.chance(0.5) } : {}),
      ...(random.chance(0.3) ? { contentType: "application/json" } : {}),
      ...(random.chance(0.3) ? { responseTopic: `${namespace.topic}/reply` } : {}),
      ...(random.chance(0.3) ? { correlationData: random.bytes(random.below(8)) } : {}),
      ...(random.chance(0.3) ? { topicAlias: random.between(1, 10) } : {}),
      ...(random.chance(0.3) ? { userProperties: userProperties(random) } : {}),
    };
  }
  return packet;
}

function subscribePacket(random: Random, version: ProtocolVersion, namespace: Namespace): ISubscribePacket {
  const subscriptions = Array.from({ length: random.between(1, 3) }, () => ({
    topic: topicFilter(random, namespace),
    qos: random.below(3) as 0 | 1 | 2,
    ...(version === 5 ? { nl: random.chance(0.2), rap: random.chance(0.3), rh: random.below(3) as 0 | 1 | 2 } : {}),
  }));
  const packet: ISubscribePacket = { cmd: "subscribe", messageId: random.between(1, 65535), subscriptions };
  if (version === 5 && random.chance(0.2))
    packet.properties = random.chance(0.5)
      ? { subscriptionIdentifier: random.between(1, 1000) }
      : { userProperties: userProperties(random) };
  return packet;
}

/** Any packet a connected client may send, valid on its own. */
export function validPacket(random: Random, version: ProtocolVersion, namespace: Namespace): Packet {
  const messageId = random.between(1, 65535);
  switch (random.below(12)) {
    case 0:
    case 1:
    case 2:
      return publishPacket(random, version, namespace);
    case 3:
    case 4:
      return subscribePacket(random, version, namespace);
    case 5:
      return { cmd: "unsubscribe", messageId, unsubscriptions: [topicFilter(random, namespace)] };
    case 6:
    case 7:
      return { cmd: "puback", messageId, ...(version === 5 ? { reasonCode: random.pick([0, 0x10, 0x80]) } : {}) };
    case 8:
      return { cmd: random.pick(["pubrec", "pubrel", "pubcomp"] as const), messageId };
    case 9:
      return { cmd: "pingreq" };
    case 10:
      return version === 5 && random.chance(0.5)
        ? { cmd: "auth", reasonCode: 0x18, properties: { authenticationMethod: "fuzz" } }
        : { cmd: "pingreq" };
    default:
      return version === 5
        ? {
            cmd: "disconnect",
            reasonCode: random.pick([0, 4]),
            properties: random.chance(0.5) ? { sessionExpiryInterval: random.below(3) } : {},
          }
        : { cmd: "disconnect" };
  }
}

// Parameter types the steps share: an MQTT version as written in Gherkin ("3.1.1", "5"), reason
// codes in hex ("0x8E", "0x95 or 0x81"), client names, packet names, the client rules a step may
// break, and the intervals a scenario lets pass.
import { defineParameterType } from "@cucumber/cucumber";
import type { ProtocolVersion } from "../driver/client.ts";
import { closeMannerOf, closeMannerPhrases, type CloseManner } from "./close-manners.ts";
import { settingNames } from "../brokers/settings.ts";
import { clientRules } from "./packet-tables.ts";
import { limitKindOf, limitKindPattern, type LimitKind } from "./limit-kinds.ts";
import {
  certificateOf,
  certificatePattern,
  channelOf,
  channelPattern,
  type CertificateChoice,
  type Channel,
} from "./channels.ts";

defineParameterType({
  name: "mqtt",
  regexp: /3\.1\.1|5/,
  transformer: (text: string): ProtocolVersion => (text === "5" ? 5 : 4),
});

defineParameterType({
  name: "code",
  regexp: /0x[0-9A-Fa-f]{2}/,
  transformer: (text: string): number => Number.parseInt(text.slice(2), 16),
});

/** One or more client names: `"worker-1"`, `"worker-1" and "worker-2"`, `"a", "b" and "c"`. */
defineParameterType({
  name: "clients",
  regexp: /"[^"]+"(?:(?:, "[^"]+")* and "[^"]+")?/,
  transformer: (text: string): string[] => [...text.matchAll(/"([^"]+)"/g)].map((match) => match[1]),
});

const packetNames = "CONNACK|PUBLISH|PUBACK|PUBREC|PUBREL|PUBCOMP|SUBACK|UNSUBACK|PINGRESP|DISCONNECT|AUTH";

/** Packet types: `PUBACK`, `PUBREC or PUBACK`, `PUBREC, PUBREL, PUBCOMP or AUTH`; the mqtt-packet command names. */
defineParameterType({
  name: "packets",
  regexp: new RegExp(`(?:${packetNames})(?:(?:, | or )(?:${packetNames}))*`),
  transformer: (text: string): string[] => text.split(/, | or /).map((name) => name.toLowerCase()),
});

/** A client rule a step breaks on purpose (packet-tables.ts), as the rule's statement. */
defineParameterType({
  name: "rule",
  regexp: new RegExp(
    Object.keys(clientRules)
      .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
  ),
  transformer: (text: string): string => clientRules[text],
});

/** An interval the broker counts: the shortest it honours, or its MQTT 3.1.1 session expiry. */
defineParameterType({
  name: "interval",
  regexp: /the short expiry|the MQTT 3\.1\.1 session expiry/,
  transformer: (text: string): "short" | "mqtt3-session" => (text === "the short expiry" ? "short" : "mqtt3-session"),
});

/** One reason code or several allowed: "0x95" or "0x95 or 0x81". */
defineParameterType({
  name: "codes",
  regexp: /0x[0-9A-Fa-f]{2}(?: or 0x[0-9A-Fa-f]{2})*/,
  transformer: (text: string): number[] => text.split(" or ").map((code) => Number.parseInt(code.slice(2), 16)),
});

/** A packet that answers another by its packet identifier. */
defineParameterType({
  name: "ack",
  regexp: /PUBACK|PUBREC|PUBREL|PUBCOMP|SUBACK|UNSUBACK/,
  transformer: (text: string): string => text.toLowerCase(),
});

/** A packet size: `131072 bytes`, or relative to the broker's Maximum Packet Size. */
defineParameterType({
  name: "size",
  regexp: /\d+ bytes|exactly the broker's Maximum Packet Size|one byte over the broker's Maximum Packet Size/,
  transformer: (text: string): { bytes?: number; overBrokerMaximum?: number } => {
    const bytes = /^(\d+) bytes$/.exec(text);
    if (bytes) return { bytes: Number(bytes[1]) };
    return { overBrokerMaximum: text.startsWith("one byte over") ? 1 : 0 };
  },
});

/** A topic or filter made up to a limit: `a topic of 8 levels`, `a filter of 256 bytes`. */
defineParameterType({
  name: "shape",
  regexp: /a (?:topic|filter) of \d+ (?:levels|bytes)/,
  transformer: (text: string): { levels?: number; bytes?: number } => {
    const [, count, unit] = /(\d+) (levels|bytes)$/.exec(text)!;
    return unit === "levels" ? { levels: Number(count) } : { bytes: Number(count) };
  },
});

/** A keep-alive: `keep-alive 30 s`, or `a short keep-alive` (the shortest the broker checks in time). */
defineParameterType({
  name: "keepAlive",
  regexp: /keep-alive \d+ s|a short keep-alive/,
  transformer: (text: string): number | "short" =>
    text === "a short keep-alive" ? "short" : Number(/\d+/.exec(text)![0]),
});

/** How the broker closes a connection, written after its name (close-manners.ts). */
defineParameterType({
  name: "closing",
  regexp: new RegExp(
    closeMannerPhrases
      .map(([pattern]) => pattern.source.replace(/^\^|\$$/g, "").replace(/\((?!\?)/g, "(?:"))
      .join("|"),
  ),
  transformer: (text: string): CloseManner => closeMannerOf(text),
});

/** A packet a client builds from a table (packet-tables.ts). */
defineParameterType({
  name: "packetType",
  regexp: /PUBLISH|SUBSCRIBE|UNSUBSCRIBE|DISCONNECT|PUBREC|PUBREL|PUBCOMP|AUTH/,
  transformer: (text: string): string => text,
});

/** A resumed or a fresh session on reconnecting. */
defineParameterType({
  name: "session",
  regexp: /its persistent session under its assigned client identifier|its persistent session|a clean session/,
  transformer: (text: string): "persistent" | "clean" | "assigned" =>
    text === "a clean session" ? "clean" : text.endsWith("identifier") ? "assigned" : "persistent",
});

/** How many numbered messages a client may receive: a range, or the stored-message limit exactly. */
defineParameterType({
  name: "amount",
  regexp: new RegExp(
    [
      "some but fewer than \\d+",
      "at least one but no more than \\d+",
      "exactly the stored-message limit",
      "exactly the in-flight limit",
    ].join("|"),
  ),
  transformer: (text: string): { fewerThan?: number; atMost?: number; limit?: LimitKind } => {
    const number = Number(/\d+/.exec(text)?.[0]);
    if (text.startsWith("some")) return { fewerThan: number };
    if (text.startsWith("at least")) return { atMost: number };
    return { limit: limitKindOf(text.replace(/^exactly /, "")) };
  },
});

/** What a Will must show on arrival besides its topic and bytes. */
defineParameterType({
  name: "willManner",
  regexp: /with its Will Properties|its Will Delay Interval after it dropped its connection|when its session expires/,
  transformer: (text: string): "with-properties" | "after-delay" | "at-session-end" =>
    text.startsWith("with") ? "with-properties" : text.startsWith("when") ? "at-session-end" : "after-delay",
});

/** Subscribing or unsubscribing. */
defineParameterType({
  name: "subscribing",
  regexp: /subscribes|unsubscribes/,
  transformer: (text: string): "subscribes" | "unsubscribes" => text as "subscribes" | "unsubscribes",
});

/** Raw bytes in backticks, in hex: `C1 00`. */
defineParameterType({
  name: "bytes",
  regexp: /`[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2})*`/,
  transformer: (text: string): Buffer => Buffer.from(text.slice(1, -1).replace(/ /g, ""), "hex"),
});

/** How the copies of one message carry Subscription Identifiers (steps/delivery.steps.ts). */
defineParameterType({
  name: "spread",
  regexp: /between them|on one copy, if the broker sent a single copy|one to a copy, if the broker sent several/,
  transformer: (text: string): "between" | "single" | "several" =>
    text.startsWith("between") ? "between" : text.startsWith("on one") ? "single" : "several",
});

/** What a delivery's Message Expiry Interval should show: AWS IoT Core's count or OASIS's. */
defineParameterType({
  name: "remaining",
  regexp: /the whole seconds it has left, 0 under a second|the seconds it has left, less the time it waited/,
  transformer: (text: string): "whole-seconds" | "less-waited" =>
    text.includes("0 under") ? "whole-seconds" : "less-waited",
});

/** How an enhanced authentication exchange goes (steps/auth.steps.ts). */
defineParameterType({
  name: "exchange",
  regexp: new RegExp(
    [
      ", with its password(?: and a Maximum Packet Size of \\d+)?",
      ", with a wrong password",
      ", stopping at the broker's first AUTH",
    ].join("|"),
  ),
  transformer: (
    text: string,
  ): { password: "right" | "wrong"; stopAtFirstAuth: boolean; maximumPacketSize?: number } => ({
    password: text.includes("wrong") ? "wrong" : "right",
    stopAtFirstAuth: text.includes("stopping"),
    ...(/\d+/.test(text) ? { maximumPacketSize: Number(/\d+/.exec(text)![0]) } : {}),
  }),
});

/** A setting by its name in scenarios ("highest QoS"), as its path (support/brokers/settings.ts). */
defineParameterType({
  name: "setting",
  regexp: new RegExp(
    Object.keys(settingNames)
      .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
  ),
  transformer: (text: string): string => settingNames[text].path,
});

/** How a client reaches the broker besides its main address (channels.ts) [TRN-01..06]. */
defineParameterType({
  name: "channel",
  regexp: channelPattern,
  transformer: (text: string): Channel => channelOf(text),
});

/** The client certificate a TLS client presents (channels.ts) [TRN-03]. */
defineParameterType({
  name: "certificate",
  regexp: certificatePattern,
  transformer: (text: string): CertificateChoice => certificateOf(text),
});

/** A lifecycle event type, as AWS IoT Core names it [EVT-01..08]. */
defineParameterType({
  name: "event",
  regexp: /connected|disconnected|connect_failed|subscribed|unsubscribed/,
  transformer: (text: string): string => text,
});

/** A limit a step counts up to, by how scenarios name it (limit-kinds.ts). */
defineParameterType({
  name: "limitKind",
  regexp: limitKindPattern,
  transformer: (text: string): LimitKind => limitKindOf(text),
});

/** One SUBSCRIBE for many filters, or one each (steps/limits.steps.ts). */
defineParameterType({
  name: "grouping",
  regexp: /in one SUBSCRIBE|one filter at a time/,
  transformer: (text: string): "together" | "apart" => (text === "in one SUBSCRIBE" ? "together" : "apart"),
});

/** How many filters, against a limit: exactly as many, or one more (steps/limits.steps.ts). */
defineParameterType({
  name: "fill",
  regexp: /as many filters as|one filter more than/,
  transformer: (text: string): number => (text.startsWith("one") ? 1 : 0),
});

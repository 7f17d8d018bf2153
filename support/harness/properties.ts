// MQTT 5 properties as scenarios write them: by their names in the specification ("Message
// Expiry Interval"), values as the protocol carries them (booleans as 1 / 0), and expectations
// such as "absent", "1 or absent", "at most 131072" or "between 1 and 59".
import type { MqttTestClient } from "../driver/client.ts";
import { shortKeepAliveSeconds } from "./timing.ts";
import { NotApplicable } from "./verdicts.ts";
import type { ConformanceWorld } from "./world.ts";

type Kind = "number" | "boolean" | "string" | "binary" | "topic";

interface PropertySpec {
  /** mqtt-packet's name for the property. */
  key: string;
  kind: Kind;
  /**
   * For `short`: a keep-alive is the shortest keep-alive the broker checks in time, anything else its shortest expiry.
   */
  keepAlive?: true;
}

const specs: Record<string, PropertySpec> = {
  "Payload Format Indicator": { key: "payloadFormatIndicator", kind: "boolean" },
  "Message Expiry Interval": { key: "messageExpiryInterval", kind: "number" },
  "Content Type": { key: "contentType", kind: "string" },
  "Response Topic": { key: "responseTopic", kind: "topic" },
  "Correlation Data": { key: "correlationData", kind: "binary" },
  "Topic Alias": { key: "topicAlias", kind: "number" },
  "Subscription Identifier": { key: "subscriptionIdentifier", kind: "number" },
  "Session Expiry Interval": { key: "sessionExpiryInterval", kind: "number" },
  "Will Delay Interval": { key: "willDelayInterval", kind: "number" },
  "Receive Maximum": { key: "receiveMaximum", kind: "number" },
  "Maximum Packet Size": { key: "maximumPacketSize", kind: "number" },
  "Topic Alias Maximum": { key: "topicAliasMaximum", kind: "number" },
  "Request Problem Information": { key: "requestProblemInformation", kind: "boolean" },
  "Maximum QoS": { key: "maximumQoS", kind: "number" },
  "Retain Available": { key: "retainAvailable", kind: "boolean" },
  "Wildcard Subscription Available": { key: "wildcardSubscriptionAvailable", kind: "boolean" },
  "Subscription Identifier Available": { key: "subscriptionIdentifiersAvailable", kind: "boolean" },
  "Shared Subscription Available": { key: "sharedSubscriptionAvailable", kind: "boolean" },
  "Server Keep Alive": { key: "serverKeepAlive", kind: "number", keepAlive: true },
  "Assigned Client Identifier": { key: "assignedClientIdentifier", kind: "string" },
  "Reason String": { key: "reasonString", kind: "string" },
  "Server Reference": { key: "serverReference", kind: "string" },
  "Request Response Information": { key: "requestResponseInformation", kind: "boolean" },
  "Response Information": { key: "responseInformation", kind: "string" },
  "Authentication Method": { key: "authenticationMethod", kind: "string" },
  "Authentication Data": { key: "authenticationData", kind: "binary" },
};

export function isPropertyName(name: string): boolean {
  return name in specs;
}

function specOf(name: string): PropertySpec {
  const spec = specs[name];
  if (!spec) throw new Error(`unknown MQTT 5 property "${name}"; known: ${Object.keys(specs).join(", ")}`);
  return spec;
}

/**
 * A property value as written in a table, in the form mqtt-packet sends it. An interval may be
 * `short` (the shortest the broker honours); a Topic Alias may be `one above the broker's
 * maximum` (from the CONNACK the client received).
 */
function propertyValue(world: ConformanceWorld, spec: PropertySpec, text: string, client?: MqttTestClient): unknown {
  if (text === "short") return spec.keepAlive ? shortKeepAliveSeconds(world.target.descriptor) : world.shortExpiry;
  if (text === "the broker's maximum" || text === "one above the broker's maximum") {
    if (!client?.announced)
      throw new Error("a topic alias relative to the broker's maximum needs the CONNACK of the client that sends it");
    const maximum = client.announced.topicAliasMaximum;
    const judged = "a broker that takes some is judged on this scenario";
    if (text === "the broker's maximum" && maximum === 0)
      throw new NotApplicable(
        `${world.target.descriptor.name} takes no topic aliases (Topic Alias Maximum 0), ` +
          `so none can be used at its maximum; ${judged}`,
      );
    return maximum + (text === "the broker's maximum" ? 0 : 1);
  }
  switch (spec.kind) {
    case "number":
      return Number(text);
    case "boolean":
      return text === "1";
    case "binary":
      return Buffer.from(text, "utf8");
    case "topic":
      return world.topic(text);
    case "string":
      return text;
  }
}

/**
 * Properties from `| property | value |` rows. Rows named "User Property" hold `name=value` and
 * are gathered into mqtt-packet's User Properties object.
 */
export function propertiesFrom<P extends object>(
  world: ConformanceWorld,
  rows: readonly string[][],
  client?: MqttTestClient,
): P {
  const properties: Record<string, unknown> = {};
  const userProperties: Record<string, string | string[]> = {};
  for (const [name, text] of rows) {
    if (name === "User Property") {
      const [key, value] = splitPair(text);
      const held = userProperties[key];
      userProperties[key] = held === undefined ? value : [...(Array.isArray(held) ? held : [held]), value];
      continue;
    }
    const spec = specOf(name);
    properties[spec.key] = propertyValue(world, spec, text, client);
  }
  if (Object.keys(userProperties).length > 0) properties.userProperties = userProperties;
  return properties as P;
}

/** `region=eu` → ["region", "eu"]. */
export function splitPair(text: string): [string, string] {
  const equals = text.indexOf("=");
  if (equals < 0) throw new Error(`a user property is written name=value, not "${text}"`);
  return [text.slice(0, equals), text.slice(equals + 1)];
}

function shown(value: unknown): string {
  if (value === undefined) return "absent";
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString("utf8"));
  return JSON.stringify(value);
}

/** Why a received value does not meet a written expectation, or undefined when it does. */
function mismatch(
  world: ConformanceWorld,
  spec: PropertySpec,
  actual: unknown,
  expectation: string,
): string | undefined {
  const orAbsent = /^(.*) or absent$/.exec(expectation);
  if (orAbsent) return actual === undefined ? undefined : mismatch(world, spec, actual, orAbsent[1]);
  if (expectation === "absent") return actual === undefined ? undefined : `absent, got ${shown(actual)}`;
  if (actual === undefined) return `${expectation}, got it absent`;
  if (expectation === "present") return undefined;
  const range = /^(?:at most (\d+)|at least (\d+)|between (\d+) and (\d+))$/.exec(expectation);
  if (range) {
    const value = Number(actual);
    const [low, high] = range[1]
      ? [-Infinity, Number(range[1])]
      : range[2]
        ? [Number(range[2]), Infinity]
        : [Number(range[3]), Number(range[4])];
    return value >= low && value <= high ? undefined : `${expectation}, got ${shown(actual)}`;
  }
  const expected = propertyValue(world, spec, expectation);
  const same = Buffer.isBuffer(expected) ? Buffer.isBuffer(actual) && expected.equals(actual) : expected === actual;
  return same ? undefined : `${shown(expected)}, got ${shown(actual)}`;
}

/** Every unmet expectation of `| property | expectation |` rows, one line each. */
export function unmetExpectations(
  world: ConformanceWorld,
  properties: object | undefined,
  rows: readonly string[][],
): string[] {
  const actual = (properties ?? {}) as Record<string, unknown>;
  return rows.flatMap(([name, expectation]) => {
    const spec = specOf(name);
    const problem = mismatch(world, spec, actual[spec.key], expectation);
    return problem ? [`${name}: expected ${problem}`] : [];
  });
}

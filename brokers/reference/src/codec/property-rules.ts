// Which properties a client may send in which packet, and how often (MQTT 5, Table 2-4 and each
// packet's property list). An identifier that is not valid for its packet is malformed (0x81,
// 2.2.2.2); a property sent twice that may appear once, a value the specification rules out, or a
// property only a server sends is a protocol error (0x82).
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { malformed } from "./frame-reader.ts";
import type { PropertyEntry } from "./property-section.ts";

/** Where a property section sits in a packet from a client. */
export type PropertyPlace =
  | "connect"
  | "will"
  | "publish"
  | "acknowledgement"
  | "subscribe"
  | "unsubscribe"
  | "disconnect"
  | "auth";

const validIn: Record<PropertyPlace, ReadonlySet<string>> = {
  connect: new Set([
    "sessionExpiryInterval",
    "receiveMaximum",
    "maximumPacketSize",
    "topicAliasMaximum",
    "requestResponseInformation",
    "requestProblemInformation",
    "userProperties",
    "authenticationMethod",
    "authenticationData",
  ]),
  will: new Set([
    "willDelayInterval",
    "payloadFormatIndicator",
    "messageExpiryInterval",
    "contentType",
    "responseTopic",
    "correlationData",
    "userProperties",
  ]),
  // Subscription Identifier belongs to PUBLISH, but only a server sends it [MQTT-3.3.4-6]
  publish: new Set([
    "payloadFormatIndicator",
    "messageExpiryInterval",
    "topicAlias",
    "responseTopic",
    "correlationData",
    "userProperties",
    "subscriptionIdentifier",
    "contentType",
  ]),
  acknowledgement: new Set(["reasonString", "userProperties"]),
  subscribe: new Set(["subscriptionIdentifier", "userProperties"]),
  unsubscribe: new Set(["userProperties"]),
  disconnect: new Set(["sessionExpiryInterval", "reasonString", "userProperties", "serverReference"]),
  auth: new Set(["authenticationMethod", "authenticationData", "reasonString", "userProperties"]),
};

/** Properties a client never sends in that place, though a server may. */
const serverOnly: Partial<Record<PropertyPlace, ReadonlySet<string>>> = {
  publish: new Set(["subscriptionIdentifier"]),
};

/** Byte properties whose only values are 0 and 1. */
const flags = new Set(["payloadFormatIndicator", "requestProblemInformation", "requestResponseInformation"]);
/** Properties for which 0 is a protocol error. */
const nonZero = new Set(["receiveMaximum", "maximumPacketSize", "subscriptionIdentifier"]);

function protocolError(reason: string): ErrorWithReasonCode {
  return new ErrorWithReasonCode(ReasonCode.ProtocolError, reason);
}

/** Throws ErrorWithReasonCode unless the entries are a property section a client may send here. */
export function checkClientProperties(place: PropertyPlace, entries: readonly PropertyEntry[]): void {
  const seen = new Set<string>();
  for (const { name, value } of entries) {
    if (!validIn[place].has(name))
      throw malformed(
        `${name} is not a property of ${place === "will" ? "a Will" : `a ${place.toUpperCase()} packet`}`,
      );
    if (serverOnly[place]?.has(name)) throw protocolError(`a client may not send ${name} in ${place.toUpperCase()}`);
    if (name !== "userProperties" && seen.has(name)) throw protocolError(`${name} appears more than once`);
    seen.add(name);
    if (flags.has(name) && value !== 0 && value !== 1) throw protocolError(`${name} is ${String(value)}, not 0 or 1`);
    if (nonZero.has(name) && value === 0) throw protocolError(`${name} is 0`);
  }
  // Authentication Data without an Authentication Method is a protocol error (MQTT 5, 3.1.2.11.10)
  if (seen.has("authenticationData") && !seen.has("authenticationMethod"))
    throw protocolError("Authentication Data without an Authentication Method");
}

// The Will part of a CONNECT as steps describe it: topic, payload, QoS, Will Retain, and MQTT 5
// Will Properties (written as a table, read by properties.ts) [LWT-01] [LWT-07].
import type { IConnectPacket, IPublishPacket } from "mqtt-packet";
import type { ConnectFields } from "../driver/client.ts";
import type { PacketLog } from "../driver/packet-log.ts";

type Will = NonNullable<IConnectPacket["will"]>;
export type WillProperties = NonNullable<Will["properties"]>;

export interface WillOptions {
  qos?: 0 | 1 | 2;
  retain?: boolean;
  properties?: WillProperties;
}

export function willFields(topic: string, payload: string | Buffer, options: WillOptions = {}): ConnectFields {
  return {
    will: {
      topic,
      payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
      qos: options.qos ?? 0,
      retain: options.retain ?? false,
      ...(options.properties ? { properties: options.properties } : {}),
    },
  };
}

/**
 * How the properties of a delivered Will differ from those set in CONNECT, one line per
 * difference. The Message Expiry Interval arrives as what is left of it, so lower is allowed.
 */
export function willPropertyDifferences(sent: WillProperties, received: IPublishPacket["properties"] = {}): string[] {
  const differences: string[] = [];
  if (sent.contentType !== undefined && received.contentType !== sent.contentType)
    differences.push(
      `Content Type ${JSON.stringify(received.contentType)} instead of ${JSON.stringify(sent.contentType)}`,
    );
  if (sent.payloadFormatIndicator !== undefined && received.payloadFormatIndicator !== sent.payloadFormatIndicator)
    differences.push(
      `Payload Format Indicator ${received.payloadFormatIndicator} instead of ${sent.payloadFormatIndicator}`,
    );
  if (
    sent.userProperties !== undefined &&
    JSON.stringify(received.userProperties) !== JSON.stringify(sent.userProperties)
  )
    differences.push(
      `User Properties ${JSON.stringify(received.userProperties)} instead of ${JSON.stringify(sent.userProperties)}`,
    );
  const expiry = received.messageExpiryInterval;
  if (
    sent.messageExpiryInterval !== undefined &&
    (expiry === undefined || expiry > sent.messageExpiryInterval || expiry < sent.messageExpiryInterval - 2)
  ) {
    differences.push(
      `Message Expiry Interval ${expiry} ` +
        `instead of at most ${sent.messageExpiryInterval} (less the seconds it waited)`,
    );
  }
  return differences;
}

/** The Will a client sent in its CONNECT, read back from its packet log. */
export function sentWill(log: PacketLog): Will | undefined {
  const connect = log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect");
  return connect?.packet?.cmd === "connect" ? connect.packet.will : undefined;
}

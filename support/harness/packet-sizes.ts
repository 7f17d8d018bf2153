// Packets of an exact size on the wire, for limits probed on both sides of their boundary: the
// Remaining Length's own length grows with the packet, so the payload is sized from the header
// arithmetic and the result measured with mqtt-packet's encoder.
import { generate, type IPublishPacket } from "mqtt-packet";
import type { ProtocolVersion } from "../driver/client.ts";

interface PublishShape {
  qos: 0 | 1;
  protocolVersion: ProtocolVersion;
}

/** Bytes a Variable Byte Integer of this value takes. */
function varintLength(value: number): number {
  return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
}

/**
 * The payload that makes a PUBLISH on `topic` exactly `size` bytes: fixed header, topic, packet
 * identifier at QoS 1, an empty property section in MQTT 5, then the payload.
 */
export function publishPayloadFor(topic: string, size: number, shape: PublishShape): Buffer {
  const overhead = 2 + Buffer.byteLength(topic) + (shape.qos > 0 ? 2 : 0) + (shape.protocolVersion === 5 ? 1 : 0);
  for (let lengthBytes = 1; lengthBytes <= 4; lengthBytes++) {
    const payloadBytes = size - 1 - lengthBytes - overhead;
    if (payloadBytes >= 0 && varintLength(overhead + payloadBytes) === lengthBytes) {
      const payload = Buffer.alloc(payloadBytes, "x");
      const measured = generate(
        {
          cmd: "publish",
          topic,
          payload,
          qos: shape.qos,
          retain: false,
          dup: false,
          ...(shape.qos > 0 ? { messageId: 1 } : {}),
        },
        { protocolVersion: shape.protocolVersion },
      ).length;
      if (measured !== size) throw new Error(`a PUBLISH meant to be ${size} bytes came out ${measured} bytes`);
      return payload;
    }
  }
  throw new Error(`no PUBLISH on ${JSON.stringify(topic)} is exactly ${size} bytes`);
}

/** A QoS 0 PUBLISH of exactly `size` bytes. */
export function publishOfSize(topic: string, size: number, protocolVersion: ProtocolVersion): IPublishPacket {
  return {
    cmd: "publish",
    topic,
    payload: publishPayloadFor(topic, size, { qos: 0, protocolVersion }),
    qos: 0,
    retain: false,
    dup: false,
  };
}

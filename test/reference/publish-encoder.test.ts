// The broker's own PUBLISH writer gives mqtt-packet's bytes, for every form without properties
// (protocol version, QoS, flags, topics with multi-byte characters, lengths needing 1 to 3 bytes).
import { generate, type IPublishPacket } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { encodePublish } from "../../brokers/reference/src/codec/publish-encoder.ts";
import { smallPublish } from "./helpers/packets.ts";

describe("encodePublish", () => {
  const forms = [4, 5].flatMap((version) =>
    [0, 1].flatMap((qos) =>
      [false, true].flatMap((retain) =>
        [0, 100, 200, 20_000].map((payloadLength) => ({
          version: version as 4 | 5,
          qos: qos as 0 | 1,
          retain,
          payloadLength,
        })),
      ),
    ),
  );

  it.each(forms)(
    "MQTT $version, QoS $qos, retain $retain, $payloadLength payload bytes",
    ({ version, qos, retain, payloadLength }) => {
      const packet: IPublishPacket = {
        cmd: "publish",
        topic: "sensors/ü/temp",
        payload: Buffer.alloc(payloadLength, 0x61),
        qos,
        retain,
        dup: qos > 0,
        ...(qos > 0 ? { messageId: 513 } : {}),
      };
      expect(encodePublish(packet, version).toString("hex")).toBe(
        generate(packet, { protocolVersion: version }).toString("hex"),
      );
    },
  );

  it("leaves a PUBLISH with properties to mqtt-packet", () => {
    const packet = smallPublish({ properties: { contentType: "text/plain" } });
    expect(encodePublish(packet, 5)).toEqual(generate(packet, { protocolVersion: 5 }));
  });
});

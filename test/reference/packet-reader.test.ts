// The broker's packet reader against mqtt-packet's parser: on a thousand valid packets of every
// type a client sends (the fuzzer's corpus, both protocol versions) both decode to the same packet;
// and what mqtt-packet lets through that the specification does not is refused.
import { generate, parser as createParser, type Packet } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { PacketDecoder } from "../../brokers/reference/src/codec/decoder.ts";
import { ReasonCode } from "../../brokers/reference/src/reason-codes.ts";
import { connectPacket, validPacket, type ProtocolVersion } from "../../support/fuzz/corpus.ts";
import { Random } from "../../support/fuzz/random.ts";

const namespace = { topic: "reader", clientId: "reader" };
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

/** What both decoders must agree on: mqtt-packet's object without its bookkeeping fields. */
function comparable(packet: Packet): Record<string, unknown> {
  const { length: _length, ...fields } = packet as Packet & { length?: number };
  const plain = JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
  if (packet.cmd !== "publish") for (const field of ["retain", "qos", "dup", "topic", "payload"]) delete plain[field];
  return plain;
}

/**
 * mqtt-packet's bytes for a packet, or undefined when it refuses to write it (as for an empty
 * client id with a session).
 */
function encoded(packet: Packet, version: ProtocolVersion): Buffer | undefined {
  try {
    return generate(packet, { protocolVersion: version });
  } catch {
    return undefined;
  }
}

function mqttPacketDecode(frame: Buffer, version: ProtocolVersion): Packet {
  let decoded: Packet | undefined;
  const parser = createParser({ protocolVersion: version });
  parser.on("packet", (packet: Packet) => (decoded = packet));
  parser.parse(frame);
  return decoded!;
}

describe.each<ProtocolVersion>([4, 5])("packet reader, MQTT %s", (version) => {
  it("decodes 1,000 valid packets as mqtt-packet does", () => {
    const random = new Random(version);
    let compared = 0;
    for (let round = 0; round < 1000; round++) {
      const decoder = new PacketDecoder();
      const connect = encoded(connectPacket(random, version, namespace), version);
      const frame = encoded(validPacket(random, version, namespace), version);
      if (!connect || !frame) continue;
      expect(comparable(decoder.decode(connect)), connect.toString("hex")).toEqual(
        comparable(mqttPacketDecode(connect, version)),
      );
      expect(comparable(decoder.decode(frame)), frame.toString("hex")).toEqual(
        comparable(mqttPacketDecode(frame, version)),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(900);
  });
});

describe("what the packet reader refuses and mqtt-packet accepts", () => {
  function connected(version: ProtocolVersion): PacketDecoder {
    const decoder = new PacketDecoder();
    decoder.decode(
      generate(
        { cmd: "connect", protocolId: "MQTT", protocolVersion: version, clean: true, keepalive: 10, clientId: "c" },
        { protocolVersion: version },
      ),
    );
    return decoder;
  }

  it.each([
    // name, version, bytes after CONNECT, reason code
    ["a CONNACK from a client", 5, "20 03 00 00 00", ReasonCode.ProtocolError],
    ["packet type 0", 4, "00 00", ReasonCode.MalformedPacket],
    ["bytes after an MQTT 3.1.1 PUBACK", 4, "40 03 00 01 00", ReasonCode.MalformedPacket],
    // filter length 1, no byte
    ["bytes after an UNSUBSCRIBE's last filter length", 4, "a2 05 00 01 00 01", ReasonCode.MalformedPacket],
    ["SUBSCRIBE options with reserved bits (MQTT 3.1.1)", 4, "82 06 00 01 00 01 61 04", ReasonCode.MalformedPacket],
    ["Retain Handling 3", 5, "82 07 00 01 00 00 01 61 30", ReasonCode.ProtocolError],
    ["a subscription at QoS 3", 5, "82 07 00 01 00 00 01 61 03", ReasonCode.ProtocolError],
    ["PUBLISH at QoS 3", 4, "36 03 00 01 61", ReasonCode.MalformedPacket],
    ["AUTH in MQTT 3.1.1", 4, "f0 00", ReasonCode.MalformedPacket],
  ] as const)("%s", (_name, version, bytes, reasonCode) => {
    expect(() => connected(version).decode(hex(bytes))).toThrow(expect.objectContaining({ reasonCode }));
  });

  it.each([
    ["the reserved Connect Flag", "10 0d 00 04 4d515454 04 03 003c 0001 63"],
    ["Will QoS without a Will", "10 0d 00 04 4d515454 04 0a 003c 0001 63"],
    ["a Password without a User Name (MQTT 3.1.1)", "10 10 00 04 4d515454 04 42 003c 0001 63 0001 70"],
    ["bytes after the CONNECT payload", "10 0e 00 04 4d515454 04 02 003c 0001 63 ff"],
  ])("a CONNECT with %s is malformed", (_name, bytes) => {
    expect(() => new PacketDecoder().decode(hex(bytes))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.MalformedPacket }),
    );
  });
});

// Framing and decoding of client bytes: sizes, Remaining Length, protocol level, UTF-8.
import { generate } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { PacketDecoder, UnsupportedProtocolError } from "../../brokers/reference/src/codec/decoder.ts";
import { PacketFramer } from "../../brokers/reference/src/codec/framer.ts";
import { ReasonCode } from "../../brokers/reference/src/reason-codes.ts";
import { smallPublish } from "./helpers/packets.ts";

const hex = (text: string) => Buffer.from(text.replace(/ /g, ""), "hex");

/** A decoder past its CONNECT, as on a connected client's connection. */
function connectedDecoder(protocolVersion: 4 | 5 = 4): PacketDecoder {
  const decoder = new PacketDecoder();
  decoder.decode(
    generate(
      { cmd: "connect", clientId: "c", protocolVersion, protocolId: "MQTT", clean: true, keepalive: 10 },
      { protocolVersion },
    ),
  );
  return decoder;
}

describe("PacketFramer", () => {
  it("returns whole packets and remembers a partial one", () => {
    const framer = new PacketFramer(1024);
    expect(framer.push(hex("c0 00 c0")).map((frame) => frame.toString("hex"))).toEqual(["c000"]);
    expect(framer.midPacket).toBe(true);
    expect(framer.push(hex("00")).map((frame) => frame.toString("hex"))).toEqual(["c000"]);
    expect(framer.midPacket).toBe(false);
  });

  it("refuses a packet over the maximum size from its header alone [M5-10]", () => {
    const framer = new PacketFramer(100);
    // 30 = PUBLISH, 65 = Remaining Length 101: 103 bytes in all
    expect(() => framer.push(hex("30 65"))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.PacketTooLarge }),
    );
  });

  it("refuses a Remaining Length of five bytes [BAD-03]", () => {
    // 30 = PUBLISH; ff ff ff ff: the fourth length byte still has its continuation bit set
    expect(() => new PacketFramer(1024).push(hex("30 ff ff ff ff 7f"))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.MalformedPacket }),
    );
  });
});

describe("PacketDecoder", () => {
  it("decodes a CONNECT and then packets of its version", () => {
    const decoder = new PacketDecoder();
    const connect = decoder.decode(
      generate({
        cmd: "connect",
        clientId: "c",
        protocolVersion: 5,
        protocolId: "MQTT",
        clean: true,
        keepalive: 10,
        properties: { sessionExpiryInterval: 30 },
      }),
    );
    expect(connect).toMatchObject({ cmd: "connect", clientId: "c", properties: { sessionExpiryInterval: 30 } });
    const publish = decoder.decode(
      generate(smallPublish({ properties: { contentType: "text/plain" } }), { protocolVersion: 5 }),
    );
    expect(publish).toMatchObject({ cmd: "publish", topic: "t", properties: { contentType: "text/plain" } });
  });

  it.each([
    // name, bytes, level
    ["level 7", "10 0c 00 04 4d 51 54 54 07 02 00 0a 00 00", 7], // 10 = CONNECT, "MQTT", level 7
    ["MQTT 3.1 (MQIsdp, level 3)", "10 0e 00 06 4d 51 49 73 64 70 03 02 00 0a 00 00", 3],
  ])("refuses an unsupported protocol: %s [BAD-02]", (_name, bytes, level) => {
    const error = (() => {
      try {
        new PacketDecoder().decode(hex(bytes));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UnsupportedProtocolError);
    expect((error as UnsupportedProtocolError).protocolLevel).toBe(level);
  });

  it("refuses invalid UTF-8 in a topic [BAD-04]", () => {
    // 30 = PUBLISH QoS 0, 05 = length; 00 03 = topic length; 61 c3 28 = "a" + invalid sequence
    expect(() => connectedDecoder().decode(hex("30 05 00 03 61 c3 28"))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.MalformedPacket }),
    );
  });

  it("accepts a genuine U+FFFD in a topic", () => {
    const bytes = generate({
      cmd: "publish",
      topic: "a/\uFFFD",
      payload: Buffer.alloc(0),
      qos: 0,
      retain: false,
      dup: false,
    });
    expect(connectedDecoder().decode(bytes)).toMatchObject({ topic: "a/\uFFFD" });
  });

  it("refuses reserved flag bits on SUBSCRIBE [BAD-06]", () => {
    // 80 = SUBSCRIBE with flags 0x0 instead of 0x2
    expect(() => connectedDecoder().decode(hex("80 06 00 01 00 01 61 00"))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.MalformedPacket }),
    );
  });

  it("refuses any packet before CONNECT, and a second CONNECT, as protocol errors [BAD-01] [DIF-03]", () => {
    expect(() => new PacketDecoder().decode(hex("c0 00"))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.ProtocolError }),
    );
    const again = generate({
      cmd: "connect",
      clientId: "c",
      protocolVersion: 4,
      protocolId: "MQTT",
      clean: true,
      keepalive: 10,
    });
    expect(() => connectedDecoder().decode(again)).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.ProtocolError }),
    );
  });

  it.each([
    // name, MQTT 5 bytes after CONNECT, reason code
    ["trailing bytes after a PINGREQ", "c0 01 00", ReasonCode.MalformedPacket], // c0 = PINGREQ, Remaining Length 1
    ["a topic length past the end", "30 03 00 05 61", ReasonCode.MalformedPacket], // topic length 5, one byte left
    // 05 = Property Length 5, nothing follows
    ["a Property Length past the end", "30 04 00 01 61 05", ReasonCode.MalformedPacket],
    ["an unknown property identifier", "30 05 00 01 61 01 7f", ReasonCode.MalformedPacket], // 7f is no property
    // 26 = User Property, value missing
    ["a String Pair cut short", "30 08 00 01 61 04 26 00 01 6b", ReasonCode.MalformedPacket],
    ["Topic Alias twice", "30 0a 00 01 61 06 23 00 01 23 00 02", ReasonCode.ProtocolError],
    ["a DISCONNECT with bytes after its properties", "e0 03 00 00 ff", ReasonCode.MalformedPacket],
  ])("refuses %s", (_name, bytes, reasonCode) => {
    expect(() => connectedDecoder(5).decode(hex(bytes))).toThrow(expect.objectContaining({ reasonCode }));
  });

  it("remembers the level of a CONNECT it refuses for what follows the level", () => {
    const decoder = new PacketDecoder();
    // CONNECT "MQTT" level 5, flags 02, keep-alive 10, Property Length 3: Receive Maximum 0
    expect(() => decoder.decode(hex("10 10 00 04 4d 51 54 54 05 02 00 0a 03 21 00 00 00 00"))).toThrow(
      expect.objectContaining({ reasonCode: ReasonCode.ProtocolError }),
    );
    expect(decoder.connectLevel).toBe(5);
    expect(decoder.protocolVersion).toBeUndefined();
  });
});

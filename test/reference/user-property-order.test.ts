// User Properties in wire order [M5-12]: reading them from raw PUBLISH and CONNECT frames, and
// writing them back in that order. Frames are written out byte group by byte group.
import { generate, type IConnectPacket, type IPublishPacket, type Packet } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { PacketDecoder } from "../../brokers/reference/src/codec/decoder.ts";
import { FrameReader } from "../../brokers/reference/src/codec/frame-reader.ts";
import { smallPublish } from "./helpers/packets.ts";
import { genBufVariableByteInt as encodeVariableByteInteger } from "mqtt-packet/numbers.js";
import {
  appendUserProperties,
  encodeWithUserPropertyOrder,
  publishUserProperties,
  wireOrderOf,
} from "../../brokers/reference/src/properties/user-property-order.ts";

/** Hex bytes, one group per line, each followed by a `#` comment saying what it is. */
const bytes = (text: string): Buffer => Buffer.from(text.replace(/#[^\n]*/g, "").replace(/\s+/g, ""), "hex");

/** A v5 QoS 0 PUBLISH to "t" with a=1, b=2, a=3 interleaved, between two other properties. */
const interleaved = bytes(`
  30 21                  # PUBLISH QoS 0, Remaining Length 33
  0001 74                # topic "t"
  1c                     # Property Length 28
  01 01                  # Payload Format Indicator 1
  26 0001 61 0001 31     # User Property a=1
  26 0001 62 0001 32     # User Property b=2
  26 0001 61 0001 33     # User Property a=3
  08 0002 722f           # Response Topic "r/"
  78                     # payload "x"
`);

/** Decodes a frame as the broker does on an MQTT 5 connection, wire order tagged. */
function decode(frame: Buffer): Packet {
  const decoder = new PacketDecoder();
  decoder.decode(
    generate(
      { cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, keepalive: 60, clientId: "i" },
      { protocolVersion: 5 },
    ),
  );
  return decoder.decode(frame);
}

describe("Variable Byte Integer", () => {
  it.each([
    [0, "00"],
    [127, "7f"],
    [128, "8001"],
    [16383, "ff7f"],
    [2097152, "80808001"],
  ])("%i is written as %s and read back", (value, hex) => {
    expect(encodeVariableByteInteger(value).toString("hex")).toBe(hex);
    const reader = new FrameReader(Buffer.from(hex, "hex"), 0);
    expect(reader.variableByteInteger("a value")).toBe(value);
    expect(reader.remaining).toBe(0);
  });

  it("refuses a fifth byte as malformed", () => {
    expect(() => new FrameReader(bytes("ff ff ff ff 7f"), 0).variableByteInteger("a value")).toThrow(
      expect.objectContaining({ reasonCode: 0x81 }),
    );
  });
});

describe("reading User Properties in wire order", () => {
  it("reads interleaved pairs of a PUBLISH, skipping other properties", () => {
    expect(publishUserProperties(interleaved)).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
  });

  it("skips the packet identifier of a QoS 1 PUBLISH", () => {
    const qos1 = bytes(`
      32 0e                  # PUBLISH QoS 1, Remaining Length 14
      0001 74                # topic "t"
      000a                   # packet identifier 10
      07                     # Property Length 7
      26 0001 6b 0001 76     # User Property k=v
    `);
    expect(publishUserProperties(qos1)).toEqual([["k", "v"]]);
  });

  it("reads the Will Properties of a CONNECT, not its CONNECT properties", () => {
    const connect = bytes(`
      10 2a                  # CONNECT, Remaining Length 42
      0004 4d515454 05       # "MQTT" level 5
      06                     # flags: clean, Will
      003c                   # keep-alive 60
      07                     # Property Length 7
      26 0001 63 0001 30     # User Property c=0 (of the CONNECT)
      0001 69                # client id "i"
      0e                     # Will Property Length 14
      26 0001 7a 0001 31     # User Property z=1
      26 0001 79 0001 32     # User Property y=2
      0001 77                # Will topic "w"
      0001 21                # Will payload "!"
    `);
    const packet = new PacketDecoder().decode(connect) as IConnectPacket;
    expect(wireOrderOf(packet.will?.properties?.userProperties)).toEqual([
      ["z", "1"],
      ["y", "2"],
    ]);
  });
});

describe("writing User Properties in a given order", () => {
  it("appends pairs to the property section and fixes both lengths", () => {
    const plain = generate(smallPublish({ properties: { payloadFormatIndicator: true } }), { protocolVersion: 5 });
    const written = appendUserProperties(plain, [
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
    expect(written.toString("hex")).toBe(
      bytes(`
        30 1c                  # PUBLISH QoS 0, Remaining Length 28
        0001 74                # topic "t"
        17                     # Property Length 23
        01 01                  # Payload Format Indicator 1
        26 0001 61 0001 31     # User Property a=1
        26 0001 62 0001 32     # User Property b=2
        26 0001 61 0001 33     # User Property a=3
        78                     # payload "x"
      `).toString("hex"),
    );
  });

  it("re-encodes a decoded PUBLISH with its pairs in the order they arrived", () => {
    const packet = decode(interleaved) as IPublishPacket;
    expect(publishUserProperties(encodeWithUserPropertyOrder(packet, 5))).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
    // mqtt-packet alone groups them by key
    expect(publishUserProperties(generate(packet, { protocolVersion: 5 }))).toEqual([
      ["a", "1"],
      ["a", "3"],
      ["b", "2"],
    ]);
  });

  it("forgets the order of user properties changed after decoding", () => {
    const packet = decode(interleaved) as IPublishPacket;
    const userProperties = packet.properties!.userProperties!;
    expect(wireOrderOf(userProperties)).toHaveLength(3);
    userProperties.c = "4";
    expect(wireOrderOf(userProperties)).toBeUndefined();
  });

  it("writes MQTT 3.1.1 PUBLISHes as mqtt-packet does", () => {
    const packet = smallPublish();
    expect(encodeWithUserPropertyOrder(packet, 4)).toEqual(generate(packet, { protocolVersion: 4 }));
  });
});

// The malformed-packet builders, byte for byte: each row names the builder, the rule it breaks,
// and the bytes it must produce, with a comment on each byte group.
import { describe, expect, it } from "vitest";
import * as malformed from "../../support/driver/malformed.ts";

const bytes = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

interface Row {
  name: string;
  build: () => Buffer;
  expected: Buffer;
}

const rows: Row[] = [
  {
    name: "remainingLengthOfFiveBytes [BAD-03]",
    build: () => malformed.remainingLengthOfFiveBytes(),
    // PUBLISH | Remaining Length: four bytes with the continuation bit, then a fifth
    expected: bytes("30  ff ff ff ff 7f"),
  },
  {
    name: "publishWithInvalidUtf8Topic [BAD-04]",
    build: () => malformed.publishWithInvalidUtf8Topic("a/", "x"),
    // PUBLISH QoS 0, length 7 | topic length 4: "a/" then C3 28 (not a continuation byte) | payload "x"
    expected: bytes("30 07  0004 612f c328  78"),
  },
  {
    name: "publishWithNullCharacterInTopic [BAD-04]",
    build: () => malformed.publishWithNullCharacterInTopic(4, "a/", "x"),
    // PUBLISH QoS 0, length 6 | topic length 3: "a/" U+0000 | payload "x"
    expected: bytes("30 06  0003 612f 00  78"),
  },
  {
    name: "connectWithInvalidUtf8ClientId v3.1.1 [BAD-04]",
    build: () => malformed.connectWithInvalidUtf8ClientId(4, "c"),
    // CONNECT, length 15 | "MQTT" level 4 | flags clean | keep-alive 60 | client id length 3: "c" C3 28
    expected: bytes("10 0f  0004 4d515454 04  02  003c  0003 63 c328"),
  },
  {
    name: "connectWithInvalidUtf8ClientId v5 [BAD-04]",
    build: () => malformed.connectWithInvalidUtf8ClientId(5, "c"),
    // CONNECT, length 16 | "MQTT" level 5 | flags clean | keep-alive 60 | no properties | client id "c" C3 28
    expected: bytes("10 10  0004 4d515454 05  02  003c  00  0003 63 c328"),
  },
  {
    name: "subscribeWithReservedFlags v3.1.1 [BAD-06]",
    build: () => malformed.subscribeWithReservedFlags(4, 1, "a"),
    // SUBSCRIBE with flags 0000 (must be 0010) | id 1 | filter "a" | QoS 0
    expected: bytes("80 06  0001  0001 61  00"),
  },
  {
    name: "subscribeWithReservedFlags v5 [BAD-06]",
    build: () => malformed.subscribeWithReservedFlags(5, 1, "a"),
    // SUBSCRIBE with flags 0000 | id 1 | no properties | filter "a" | options 0
    expected: bytes("80 07  0001  00  0001 61  00"),
  },
  {
    name: "unsubscribeWithReservedFlags [BAD-06]",
    build: () => malformed.unsubscribeWithReservedFlags(4, 1, "a"),
    // UNSUBSCRIBE with flags 0000 (must be 0010) | id 1 | filter "a"
    expected: bytes("a0 05  0001  0001 61"),
  },
  {
    name: "pubrelWithReservedFlags [BAD-06]",
    build: () => malformed.pubrelWithReservedFlags(1),
    // PUBREL with flags 0000 (must be 0010) | id 1
    expected: bytes("60 02  0001"),
  },
  {
    name: "publishQos1WithPacketIdZero [BAD-07]",
    build: () => malformed.publishQos1WithPacketIdZero(4, "a", "x"),
    // PUBLISH QoS 1 | topic "a" | packet identifier 0 | payload "x"
    expected: bytes("32 06  0001 61  0000  78"),
  },
  {
    name: "subscribeWithoutTopicFilter v3.1.1 [BAD-08]",
    build: () => malformed.subscribeWithoutTopicFilter(4, 1),
    // SUBSCRIBE | id 1 | no payload
    expected: bytes("82 02  0001"),
  },
  {
    name: "subscribeWithoutTopicFilter v5 [BAD-08]",
    build: () => malformed.subscribeWithoutTopicFilter(5, 1),
    // SUBSCRIBE | id 1 | no properties | no payload
    expected: bytes("82 03  0001  00"),
  },
  {
    name: "unsubscribeWithoutTopicFilter v5 [BAD-08]",
    build: () => malformed.unsubscribeWithoutTopicFilter(5, 1),
    // UNSUBSCRIBE | id 1 | no properties | no payload
    expected: bytes("a2 03  0001  00"),
  },
  {
    name: "connectWithProtocolLevel 7 [BAD-02]",
    build: () => malformed.connectWithProtocolLevel(7, "c"),
    // CONNECT | "MQTT" level 7 | flags clean | keep-alive 60 | client id "c"
    expected: bytes("10 0d  0004 4d515454 07  02  003c  0001 63"),
  },
  {
    name: "connectWithProtocolName MQXX [BAD-02]",
    build: () => malformed.connectWithProtocolName("MQXX", 5, "c"),
    // CONNECT | "MQXX" level 5 | flags clean | keep-alive 60 | no properties | client id "c"
    expected: bytes("10 0e  0004 4d515858 05  02  003c  00  0001 63"),
  },
  {
    name: "connectWithReservedFlag [BAD-11]",
    build: () => malformed.connectWithReservedFlag(4, "c"),
    // CONNECT | "MQTT" level 4 | flags clean + reserved bit 0 | keep-alive 60 | client id "c"
    expected: bytes("10 0d  0004 4d515454 04  03  003c  0001 63"),
  },
  {
    name: "connectWithWillQosWithoutWill [BAD-11]",
    build: () => malformed.connectWithWillQosWithoutWill(5, "c"),
    // CONNECT | "MQTT" level 5 | flags clean + Will QoS 1, Will Flag 0 | keep-alive 60 | no properties | "c"
    expected: bytes("10 0e  0004 4d515454 05  0a  003c  00  0001 63"),
  },
  {
    name: "firstHalfOf [BAD-10]",
    build: () => malformed.firstHalfOf(bytes("30 03 00 01 61")),
    // the first two of five bytes
    expected: bytes("30 03"),
  },
];

describe("malformed-packet builders", () => {
  it.each(rows)("$name", ({ build, expected }) => {
    expect(build().toString("hex")).toBe(expected.toString("hex"));
  });

  it("refuses a protocol name that would change the packet's lengths", () => {
    expect(() => malformed.connectWithProtocolName("MQIsdp", 4, "c")).toThrow(RangeError);
  });
});

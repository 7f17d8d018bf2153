// QoS 2 towards a client, in its delivery channel: outstanding until PUBREC, then only the PUBREL
// until PUBCOMP, within the client's Receive Maximum, sent again after a reconnect even past its
// expiry [MQTT5-4.3.3-1..7] [MQTT5-3.3.4-9].
import { describe, expect, it } from "vitest";
import { DeliveryChannel, type PublishWriter } from "../../../brokers/reference/src/connection/delivery.ts";
import { EdgeGuard } from "../../../brokers/reference/src/edge-guard.ts";
import type { Message, QoS } from "../../../brokers/reference/src/message.ts";
import { Session, type Delivery } from "../../../brokers/reference/src/sessions/session.ts";

const scheduler = new EdgeGuard((where, error) => expect.fail(`${where}: ${String(error)}`));

/** What a connection was asked to write, in order: `PUBLISH m1 #1`, `PUBLISH m1 #1 DUP`, `PUBREL #1`. */
class RecordingWriter implements PublishWriter {
  readonly written: string[] = [];
  readonly hasRoom = true;

  writePublish(delivery: Delivery, packetId: number | undefined, duplicate: boolean): boolean {
    this.written.push(`PUBLISH ${delivery.message.payload.toString()} #${packetId}${duplicate ? " DUP" : ""}`);
    return true;
  }

  writeRelease(packetId: number): void {
    this.written.push(`PUBREL #${packetId}`);
  }
}

function setUp(receiveMaximum = 10) {
  const session = new Session({
    clientId: "c",
    protocolVersion: 5,
    expiryIntervalSeconds: 60,
    queueLimits: { maxMessages: 10, maxBytes: 1_000_000 },
  });
  const connect = () => {
    const writer = new RecordingWriter();
    const channel = new DeliveryChannel(
      session,
      writer,
      { receiveMaximum, replayPerSecond: 10, markRedeliveries: true, oversizedToAnotherMember: false },
      scheduler,
      () => undefined,
    );
    return { writer, channel };
  };
  return { session, connect };
}

function delivery(payload: string, qos: QoS = 2, expiresAt?: number): Delivery {
  const message: Message = {
    topic: "t",
    payload: Buffer.from(payload),
    qos,
    retain: false,
    properties: {},
    expiresAt,
  };
  return { message, qos, retain: false };
}

describe("QoS 2 delivery channel", () => {
  it("keeps the PUBLISH outstanding until PUBREC, then only the PUBREL until PUBCOMP", () => {
    const { session, connect } = setUp();
    const first = connect();
    first.channel.deliver(delivery("m1"));
    expect(first.writer.written).toEqual(["PUBLISH m1 #1"]);
    first.channel.detach();

    const second = connect();
    second.channel.resume();
    expect(second.writer.written).toEqual(["PUBLISH m1 #1 DUP"]);
    expect(second.channel.received(1, 0x00)).toBe("released");
    second.channel.detach();

    const third = connect();
    third.channel.resume();
    expect(third.writer.written).toEqual(["PUBREL #1"]);
    third.channel.completed(1);
    expect(session.unacknowledgedCount).toBe(0);
    third.channel.detach();

    const fourth = connect();
    fourth.channel.resume();
    expect(fourth.writer.written).toEqual([]);
  });

  it("answers a repeated PUBREC with the PUBREL again, and a PUBREC for an unknown identifier as unknown", () => {
    const { connect } = setUp();
    const { channel } = connect();
    channel.deliver(delivery("m1"));
    expect(channel.received(1, 0x00)).toBe("released");
    expect(channel.received(1, 0x00)).toBe("released");
    expect(channel.received(9, 0x00)).toBe("unknown");
  });

  it("ends the delivery on a PUBREC of 0x80 or above: nothing is sent again", () => {
    const { session, connect } = setUp();
    const first = connect();
    first.channel.deliver(delivery("m1"));
    expect(first.channel.received(1, 0x80)).toBe("refused");
    expect(session.unacknowledgedCount).toBe(0);
    first.channel.detach();
    const second = connect();
    second.channel.resume();
    expect(second.writer.written).toEqual([]);
  });

  it("ignores a PUBACK for a QoS 2 delivery", () => {
    const { session, connect } = setUp();
    const { channel } = connect();
    channel.deliver(delivery("m1"));
    channel.acknowledged(1);
    expect(session.inflight.size).toBe(1);
  });

  it("counts released deliveries against the Receive Maximum until their PUBCOMP", () => {
    const { connect } = setUp(1);
    const { writer, channel } = connect();
    channel.deliver(delivery("m1"));
    channel.deliver(delivery("m2"));
    channel.received(1, 0x00);
    expect(writer.written).toEqual(["PUBLISH m1 #1"]);
    channel.completed(1);
    expect(writer.written).toEqual(["PUBLISH m1 #1", "PUBLISH m2 #2"]);
  });

  it("sends a QoS 2 PUBLISH again after a reconnect even once it has expired, and drops an expired QoS 1 one", () => {
    const { connect } = setUp();
    const first = connect();
    first.channel.deliver(delivery("two", 2, Date.now() + 50));
    first.channel.deliver(delivery("one", 1, Date.now() + 50));
    first.channel.detach();
    const second = connect();
    const later = Date.now() + 100;
    const realNow = Date.now;
    Date.now = () => later;
    try {
      second.channel.resume();
    } finally {
      Date.now = realNow;
    }
    expect(second.writer.written).toEqual(["PUBLISH two #1 DUP"]);
  });

  it("gives no packet identifier in use to a new delivery, PUBREL outstanding included", () => {
    const { session, connect } = setUp();
    const { channel } = connect();
    channel.deliver(delivery("m1"));
    channel.received(1, 0x00);
    expect(session.released.has(1)).toBe(true);
    expect(session.allocatePacketId()).not.toBe(1);
  });
});

// The shared-group dispatcher: one member per message, chosen at random among connected members
// [SHR-03] [SHR-04]; a QoS 1 copy a member fails to take goes to another member, and is dropped
// once all have failed [SHR-07]; QoS 0 is never retried [SHR-06]; offline members get nothing [SHR-08];
// a QoS 2 copy stays with its member [MQTT5-4.8.2-4]; a refused copy is settled [MQTT5-4.8.2-6].
import { describe, expect, it } from "vitest";
import { DeliveryChannel, type PublishWriter } from "../../brokers/reference/src/connection/delivery.ts";
import { EdgeGuard } from "../../brokers/reference/src/edge-guard.ts";
import type { Message, QoS } from "../../brokers/reference/src/message.ts";
import { Session, type Delivery, type Subscription } from "../../brokers/reference/src/sessions/session.ts";
import {
  groupIsFull,
  SharedDispatcher,
  type SharedMember,
} from "../../brokers/reference/src/shared/shared-dispatcher.ts";

const groupFilter = "$share/g/t";

function subscription(qos: QoS): Subscription {
  return {
    filter: groupFilter,
    topicFilter: "t",
    shareName: "g",
    qos,
    noLocal: false,
    retainAsPublished: false,
    retainHandling: 0,
  };
}

/** A connection that records what it was sent; `accepts` false plays a message too large for it. */
class RecordingLink implements PublishWriter {
  readonly sent: string[] = [];
  readonly hasRoom = true;
  accepts = true;

  writePublish(delivery: Delivery): boolean {
    if (this.accepts) this.sent.push(delivery.message.payload.toString());
    return this.accepts;
  }

  writeRelease(packetId: number): void {
    this.sent.push(`PUBREL ${packetId}`);
  }
}

const scheduler = new EdgeGuard((where, error) => expect.fail(`${where}: ${String(error)}`));

/**
 * A group member; a connected one has a delivery channel, as a connection would. `profile` decides
 * what a message too large for it does: under aws-iot-core it goes to another member [SHR-07].
 */
function member(
  name: string,
  qos: QoS,
  connected = true,
  persistent = false,
  profile: "aws-iot-core" | "oasis" = "aws-iot-core",
): SharedMember & { link: RecordingLink; channel?: DeliveryChannel } {
  const session = new Session({
    clientId: name,
    protocolVersion: 5,
    expiryIntervalSeconds: persistent ? 60 : 0,
    queueLimits: { maxMessages: 10, maxBytes: 1_000_000 },
  });
  const link = new RecordingLink();
  const limits = {
    receiveMaximum: 10,
    replayPerSecond: 10,
    markRedeliveries: false,
    oversizedToAnotherMember: profile === "aws-iot-core",
  };
  const channel = connected ? new DeliveryChannel(session, link, limits, scheduler, () => undefined) : undefined;
  return { session, subscription: subscription(qos), link, channel };
}

function message(payload: string, qos: QoS = 1): Message {
  return { topic: "t", payload: Buffer.from(payload), qos, retain: false, properties: {} };
}

/** A dispatcher over fixed members whose random choice follows `picks` (fractions in [0, 1)). */
function dispatcherOver(members: Array<ReturnType<typeof member>>, picks: number[] = []): SharedDispatcher {
  return new SharedDispatcher({
    membersOf: () => members,
    connectionOf: (session) => members.find((each) => each.session === session)?.channel,
    deliveryFor: (sent, chosen) => ({ message: sent, qos: Math.min(sent.qos, chosen.qos) as QoS, retain: false }),
    random: () => picks.shift() ?? 0,
  });
}

describe("shared-group dispatcher", () => {
  it("gives each message to exactly one member, the one the random draw picks", () => {
    const members = [member("a", 1), member("b", 1), member("c", 1)];
    const dispatcher = dispatcherOver(members, [0.1, 0.5, 0.9]);
    for (const payload of ["m1", "m2", "m3"]) expect(dispatcher.dispatch(groupFilter, message(payload))).toBe(true);
    expect(members.map((m) => m.link.sent)).toEqual([["m1"], ["m2"], ["m3"]]);
  });

  it("never picks an offline member, persistent or not, and queues nothing for it", () => {
    const offline = member("offline", 1, false, true);
    const online = member("online", 1);
    const dispatcher = dispatcherOver([offline, online], [0]);
    dispatcher.dispatch(groupFilter, message("m1"));
    expect(online.link.sent).toEqual(["m1"]);
    expect(offline.session.stored).toHaveLength(0);
  });

  it("drops the message for the group when no member is connected", () => {
    expect(dispatcherOver([member("a", 1, false)]).dispatch(groupFilter, message("m1"))).toBe(false);
  });

  it("offers an unacknowledged QoS 1 message to another member when the first one's connection ends", () => {
    const failing = member("failing", 1);
    const healthy = member("healthy", 1);
    const dispatcher = dispatcherOver([failing, healthy], [0, 0]);
    dispatcher.dispatch(groupFilter, message("m1"));
    expect(failing.link.sent).toEqual(["m1"]);
    failing.channel!.detach();
    expect(healthy.link.sent).toEqual(["m1"]);
    expect(failing.session.inflight.size).toBe(0);
  });

  it("does not offer a QoS 1 message again once it was acknowledged", () => {
    const first = member("first", 1);
    const second = member("second", 1);
    dispatcherOver([first, second], [0]).dispatch(groupFilter, message("m1"));
    const [packetId] = first.session.inflight.keys();
    first.channel!.acknowledged(packetId);
    first.channel!.detach();
    expect(second.link.sent).toEqual([]);
  });

  it("offers a QoS 1 message too large for a member to another member, and drops it after all fail", () => {
    const small = member("small", 1);
    const smaller = member("smaller", 1);
    small.link.accepts = false;
    smaller.link.accepts = false;
    const dispatcher = dispatcherOver([small, smaller], [0, 0, 0]);
    dispatcher.dispatch(groupFilter, message("big"));
    expect(small.session.inflight.size + smaller.session.inflight.size).toBe(0);
    smaller.link.accepts = true;
    dispatcher.dispatch(groupFilter, message("next"));
    expect(smaller.link.sent).toEqual(["next"]);
  });

  it("under oasis drops a message too large for the member it was given to, as if delivered", () => {
    const small = member("small", 1, true, false, "oasis");
    const large = member("large", 1, true, false, "oasis");
    small.link.accepts = false;
    dispatcherOver([small, large], [0, 0]).dispatch(groupFilter, message("big"));
    expect(large.link.sent).toEqual([]);
  });

  it("keeps a QoS 2 copy with its member when the connection ends, and never offers it to another", () => {
    const kept = member("kept", 2, true, true, "oasis");
    const other = member("other", 2, true, false, "oasis");
    dispatcherOver([kept, other], [0]).dispatch(groupFilter, message("m1", 2));
    kept.channel!.detach();
    expect(other.link.sent).toEqual([]);
    expect([...kept.session.inflight.values()].map((delivery) => delivery.message.payload.toString())).toEqual(["m1"]);
  });

  it("settles a copy the member refused with PUBREC 0x80: not offered again, not released", () => {
    const refusing = member("refusing", 2, true, false, "oasis");
    const other = member("other", 2, true, false, "oasis");
    dispatcherOver([refusing, other], [0]).dispatch(groupFilter, message("m1", 2));
    const [packetId] = refusing.session.inflight.keys();
    expect(refusing.channel!.received(packetId, 0x80)).toBe("refused");
    refusing.channel!.detach();
    expect(refusing.link.sent).toEqual(["m1"]);
    expect(other.link.sent).toEqual([]);
    expect(refusing.session.unacknowledgedCount).toBe(0);
  });

  it("never retries a QoS 0 copy", () => {
    const failing = member("failing", 0);
    const healthy = member("healthy", 0);
    failing.link.accepts = false;
    dispatcherOver([failing, healthy], [0]).dispatch(groupFilter, message("m1", 0));
    expect(healthy.link.sent).toEqual([]);
  });
});

describe("shared-group member limit [SHR-12]", () => {
  const members = [member("a", 1), member("b", 1)];

  it("is full when the other members reach the limit", () => {
    expect(groupIsFull(members, member("c", 1).session, 2)).toBe(true);
    expect(groupIsFull(members, member("c", 1).session, 3)).toBe(false);
  });

  it("lets a member subscribe again", () => {
    expect(groupIsFull(members, members[0].session, 2)).toBe(false);
  });
});

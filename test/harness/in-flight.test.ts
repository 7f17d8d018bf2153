// Reading the QoS 1 messages in flight towards a client from its packet log [M5-16].
import { describe, expect, it } from "vitest";
import { PacketLog } from "../../support/driver/packet-log.ts";
import { peakUnacknowledged } from "../../support/harness/in-flight.ts";

const publish = (messageId: number, qos: 0 | 1 = 1) =>
  ({ cmd: "publish", topic: "jobs", payload: Buffer.from("x"), qos, messageId, retain: false, dup: false }) as const;
const puback = (messageId: number) => ({ cmd: "puback", messageId }) as const;

describe("peakUnacknowledged", () => {
  it("counts received QoS 1 PUBLISHes until the client sends their PUBACK", () => {
    const log = new PacketLog("slow");
    log.add({ direction: "received", packet: publish(1) });
    log.add({ direction: "received", packet: publish(2) });
    log.add({ direction: "sent", packet: puback(1) });
    log.add({ direction: "received", packet: publish(3) });
    log.add({ direction: "sent", packet: puback(2) });
    log.add({ direction: "sent", packet: puback(3) });
    log.add({ direction: "received", packet: publish(4) });
    expect(peakUnacknowledged(log)).toBe(2);
  });

  it("ignores QoS 0 PUBLISHes and PUBACKs the client received", () => {
    const log = new PacketLog("slow");
    log.add({ direction: "received", packet: publish(0, 0) });
    log.add({ direction: "received", packet: publish(1) });
    log.add({ direction: "received", packet: puback(1) });
    log.add({ direction: "received", packet: publish(2) });
    expect(peakUnacknowledged(log)).toBe(2);
  });
});

// QoS 1 messages in flight towards a client, read from its packet log: what the client's Receive
// Maximum bounds [M5-16].
import type { PacketLog } from "../driver/packet-log.ts";

/** The most QoS 1 PUBLISHes the client had received and not yet acknowledged at any one time. */
export function peakUnacknowledged(log: PacketLog): number {
  const awaiting = new Set<number>();
  let peak = 0;
  for (const { direction, packet } of log.entries) {
    if (direction === "received" && packet?.cmd === "publish" && packet.qos === 1 && packet.messageId !== undefined) {
      awaiting.add(packet.messageId);
      peak = Math.max(peak, awaiting.size);
    } else if (direction === "sent" && packet?.cmd === "puback" && packet.messageId !== undefined) {
      awaiting.delete(packet.messageId);
    }
  }
  return peak;
}

// What each side announced in CONNECT and CONNACK, and the checks that follow from it on every
// packet. Towards the broker: every packet it sends a client must respect what that client
// announced (packet size, topic aliases, unacknowledged QoS 1 PUBLISHes); a breach is recorded
// with the requirement it breaks and fails the scenario. Towards the test client: it obeys what
// the broker announced unless a step deliberately breaks a rule and names it.
import type { IConnackPacket, IConnectPacket, Packet } from "mqtt-packet";

/** A rule the broker broke towards a client, with the requirements it breaks. */
export interface Breach {
  requirement: string;
  description: string;
}

/** MQTT 5 limits a client announces in CONNECT (MQTT 3.1.1 announces none). */
export interface ClientAnnouncement {
  maximumPacketSize?: number;
  topicAliasMaximum: number;
  receiveMaximum: number;
}

/** MQTT 5 limits a broker announces in CONNACK; absent ones take the specification's defaults. */
export interface BrokerAnnouncement {
  maximumPacketSize?: number;
  topicAliasMaximum: number;
  receiveMaximum: number;
  maximumQoS: number;
  retainAvailable: boolean;
}

const unlimitedReceive = 65535;

export function clientAnnouncement(connect: IConnectPacket): ClientAnnouncement {
  const properties = connect.protocolVersion === 5 ? connect.properties : undefined;
  return {
    maximumPacketSize: properties?.maximumPacketSize,
    topicAliasMaximum: properties?.topicAliasMaximum ?? 0,
    receiveMaximum: properties?.receiveMaximum ?? unlimitedReceive,
  };
}

export function brokerAnnouncement(connack: IConnackPacket): BrokerAnnouncement {
  const properties = connack.properties;
  return {
    maximumPacketSize: properties?.maximumPacketSize,
    topicAliasMaximum: properties?.topicAliasMaximum ?? 0,
    receiveMaximum: properties?.receiveMaximum ?? unlimitedReceive,
    maximumQoS: properties?.maximumQoS ?? 2,
    retainAvailable: properties?.retainAvailable ?? true,
  };
}

/**
 * Watches what the broker sends one MQTT 5 client against what the client announced. QoS 1
 * deliveries count as unacknowledged from arrival until the client sends their PUBACK.
 */
export class AnnouncedLimitsWatch {
  readonly breaches: Breach[] = [];
  private readonly unacknowledged = new Set<number>();

  constructor(private readonly announced: ClientAnnouncement) {}

  /** Checks one packet the broker sent, with its size on the wire. */
  received(packet: Packet, size: number): void {
    const { maximumPacketSize, topicAliasMaximum, receiveMaximum } = this.announced;
    if (maximumPacketSize !== undefined && size > maximumPacketSize) {
      this.breach(
        "MQTT5-3.1.2-24",
        `the broker sent a ${packet.cmd.toUpperCase()} of ${size} bytes ` +
          `to a client that announced Maximum Packet Size ${maximumPacketSize}`,
      );
      this.breach(
        "M5-10",
        `the broker sent a ${packet.cmd.toUpperCase()} of ${size} bytes ` +
          `to a client that announced Maximum Packet Size ${maximumPacketSize}`,
      );
    }
    if (packet.cmd !== "publish") return;
    const alias = packet.properties?.topicAlias;
    if (alias !== undefined && topicAliasMaximum === 0) {
      this.breach(
        "MQTT5-3.1.2-27",
        `the broker used topic alias ${alias} towards a client that announced no Topic Alias Maximum`,
      );
    } else if (alias !== undefined && alias > topicAliasMaximum) {
      const description =
        `the broker used topic alias ${alias} ` +
        `towards a client that announced Topic Alias Maximum ${topicAliasMaximum}`;
      this.breach("MQTT5-3.1.2-26", description);
      this.breach("MQTT5-3.3.2-11", description);
    } else if (alias === 0) {
      this.breach("MQTT5-3.3.2-8", "the broker used topic alias 0");
    }
    if (packet.qos > 0 && packet.messageId !== undefined) {
      this.unacknowledged.add(packet.messageId);
      if (this.unacknowledged.size > receiveMaximum) {
        const description =
          `the broker had ${this.unacknowledged.size} QoS ${packet.qos} PUBLISHes unacknowledged ` +
          `towards a client that announced Receive Maximum ${receiveMaximum}`;
        this.breach("MQTT5-3.3.4-9", description);
        this.breach("M5-16", description);
      }
    }
  }

  /** The client acknowledged a delivery: it no longer counts against its Receive Maximum. */
  acknowledged(packetId: number): void {
    this.unacknowledged.delete(packetId);
  }

  private breach(requirement: string, description: string): void {
    // one record per rule and requirement: the first breach says enough
    if (!this.breaches.some((breach) => breach.requirement === requirement))
      this.breaches.push({ requirement, description });
  }
}

/** A packet the test client would send against what the broker announced. */
export class ClientRuleError extends Error {
  constructor(rule: string) {
    super(`the test client would break a client rule: ${rule} (a step that means to break it must say so)`);
    this.name = "ClientRuleError";
  }
}

/** The client rule a packet would break towards a broker that announced these limits, if any. */
export function clientRuleBroken(
  packet: Packet,
  size: number,
  announced: BrokerAnnouncement,
  inFlight: number,
): string | undefined {
  if (announced.maximumPacketSize !== undefined && size > announced.maximumPacketSize) {
    return (
      `a ${packet.cmd.toUpperCase()} of ${size} bytes exceeds the broker's Maximum Packet Size ` +
      `${announced.maximumPacketSize} [MQTT-3.2.2-15]`
    );
  }
  if (packet.cmd !== "publish") return undefined;
  if (packet.qos > announced.maximumQoS)
    return `a QoS ${packet.qos} PUBLISH exceeds the broker's Maximum QoS ${announced.maximumQoS} [MQTT-3.2.2-11]`;
  if (packet.retain && !announced.retainAvailable)
    return "a retained PUBLISH to a broker without Retain Available [MQTT-3.2.2-14]";
  const alias = packet.properties?.topicAlias;
  if (alias !== undefined && (alias === 0 || alias > announced.topicAliasMaximum)) {
    return (
      `topic alias ${alias} is outside the broker's Topic Alias Maximum ` +
      `${announced.topicAliasMaximum} [MQTT-3.2.2-17]`
    );
  }
  if (packet.qos > 0 && inFlight >= announced.receiveMaximum) {
    return (
      `a QoS ${packet.qos} PUBLISH beyond the broker's Receive Maximum ` +
      `${announced.receiveMaximum} unacknowledged [MQTT-3.3.4-7]`
    );
  }
  return undefined;
}

// Delivery to shared subscription groups `$share/{ShareName}/{TopicFilter}`: each message that
// matches a group goes to one connected member chosen at random [SHR-03] [SHR-04]. A QoS 1 copy
// a member fails to take (its connection ends before the PUBACK, or under AWS IoT Core the
// message is too large for it) is offered to another member, and dropped once every member has
// failed [SHR-07]; a QoS 0 copy is never retried [SHR-06]; a QoS 2 copy stays with its member,
// and ends with its session [MQTT5-4.8.2-4] [MQTT5-4.8.2-5]. A copy the member refused (PUBACK or
// PUBREC 0x80 or above) is settled [MQTT5-4.8.2-6]. Offline members, persistent or not, get
// nothing [SHR-08].
import type { Message } from "../message.ts";
import type { Delivery, Session, Subscription } from "../sessions/session.ts";

export interface SharedMember {
  session: Session;
  subscription: Subscription;
}

/** Where a connected member's deliveries go. */
export interface DeliveryTarget {
  deliver(delivery: Delivery): void;
}

export interface SharedDispatcherOptions {
  /** Current members of a group, by the group's full filter (`$share/g/t`). */
  membersOf(groupFilter: string): SharedMember[];
  /** The delivery one subscription gets for a message (QoS and RETAIN flag). */
  deliveryFor(message: Message, subscription: Subscription): Delivery;
  /** The connection of a member's session; undefined while the member is offline. */
  connectionOf(session: Session): DeliveryTarget | undefined;
  /** Uniform in [0, 1); replaceable so tests can pin the choice. */
  random?: () => number;
}

export class SharedDispatcher {
  private readonly random: () => number;

  constructor(private readonly options: SharedDispatcherOptions) {
    this.random = options.random ?? Math.random;
  }

  /**
   * Gives the message to one connected member not tried before; returns false when there is
   * none left, and the message is dropped for this group.
   */
  dispatch(groupFilter: string, message: Message, tried: Set<Session> = new Set()): boolean {
    const candidates = this.options.membersOf(groupFilter).flatMap((member) => {
      const connection = tried.has(member.session) ? undefined : this.options.connectionOf(member.session);
      return connection ? [{ ...member, connection }] : [];
    });
    if (candidates.length === 0) return false;
    const chosen = candidates[Math.floor(this.random() * candidates.length)];
    tried.add(chosen.session);
    const delivery = this.options.deliveryFor(message, chosen.subscription);
    if (delivery.qos === 1) {
      delivery.onUndelivered = () => {
        this.dispatch(groupFilter, message, tried);
      };
    }
    chosen.connection.deliver(delivery);
    return true;
  }
}

/**
 * [SHR-12] whether a session may not join a group because it already has `maxMembers` other
 * members; a member subscribing again is not a new member.
 */
export function groupIsFull(members: readonly SharedMember[], joining: Session, maxMembers: number): boolean {
  return members.filter((member) => member.session !== joining).length >= maxMembers;
}

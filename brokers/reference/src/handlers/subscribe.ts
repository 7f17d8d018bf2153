// SUBSCRIBE: check each filter, grant at most QoS 1, answer SUBACK with one code per filter,
// then send the retained messages each new subscription is owed.
import type { ISubscribePacket, ISubscription } from "mqtt-packet";
import type { ClientConnection } from "../connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import type { Subscription } from "../sessions/session.ts";
import { parseSharedFilter, topicFilterProblem } from "../topics.ts";

/** [MQTT-3.9.3] v3 SUBACK failure code; v5 uses the reason code. */
const v3Failure = 0x80;

export function handleSubscribe(connection: ClientConnection, packet: ISubscribePacket): void {
  const v5 = connection.protocolVersion === 5;
  // [M5-18] subscription identifiers are not supported
  if (v5 && packet.properties?.subscriptionIdentifier !== undefined) {
    throw new ErrorWithReasonCode(ReasonCode.SubscriptionIdentifiersNotSupported, "Subscription Identifiers are not supported");
  }
  // [BAD-08] [MQTT-3.8.3-3] a SUBSCRIBE must carry at least one filter
  if (packet.subscriptions.length === 0) throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "SUBSCRIBE without a topic filter");
  // [QOS-04] AWS does not answer an MQTT 3 SUBSCRIBE asking for QoS 2
  if (!v5 && connection.broker.profile === "aws-iot-core" && packet.subscriptions.some((request) => request.qos === 2)) {
    connection.broker.log(`${connection.clientId}: QoS 2 SUBSCRIBE ignored`);
    return;
  }

  const session = connection.session!;
  const granted: number[] = [];
  const added: Array<{ subscription: Subscription; isNew: boolean }> = [];
  for (const request of packet.subscriptions) {
    const problem = topicFilterProblem(request.topic, connection.broker.config.limits);
    if (problem) {
      connection.broker.log(`${connection.clientId}: filter ${JSON.stringify(request.topic)} refused: ${problem}`);
      granted.push(v5 ? ReasonCode.TopicFilterInvalid : v3Failure);
      continue;
    }
    const subscription = toSubscription(request);
    const isNew = !session.subscriptions.has(subscription.filter);
    session.subscriptions.set(subscription.filter, subscription);
    added.push({ subscription, isNew });
    granted.push(subscription.qos); // [QOS-07] granted 0x00 or 0x01
  }
  connection.write({ cmd: "suback", messageId: packet.messageId, granted });

  for (const { subscription, isNew } of added) {
    // [MQTT-3.3.1-9..11] Retain Handling: 0 always, 1 only for a new subscription, 2 never
    if (subscription.retainHandling === 2 || (subscription.retainHandling === 1 && !isNew)) continue;
    for (const message of connection.broker.retainedFor(subscription)) {
      session.deliver(connection.broker.deliveryFor(message, subscription, true));
    }
  }
}

function toSubscription(request: ISubscription): Subscription {
  const shared = parseSharedFilter(request.topic);
  return {
    filter: request.topic,
    topicFilter: shared ? shared.topicFilter : request.topic,
    shareName: shared?.shareName,
    // QoS 2 is granted as QoS 1 [QOS-05]
    qos: request.qos === 0 ? 0 : 1,
    noLocal: request.nl ?? false,
    retainAsPublished: request.rap ?? false,
    retainHandling: request.rh ?? 0,
  };
}

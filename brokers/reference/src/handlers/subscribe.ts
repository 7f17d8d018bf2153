// SUBSCRIBE: check each filter, grant at most the broker's Maximum QoS, answer SUBACK with one
// code per filter, then send the retained messages each new subscription is owed.
import type { ISubscribePacket, ISubscription } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { announceSubscriptions } from "../lifecycle/connection-events.ts";
import { tooManyFilters, tooManySubscriptions } from "../limits/subscription-limits.ts";
import { packetIdInUse } from "../inbound/publish-admission.ts";
import type { QoS } from "../message.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import type { Subscription } from "../sessions/session.ts";
import { groupIsFull } from "../shared/shared-dispatcher.ts";
import { parseSharedFilter, topicFilterProblem } from "../topics.ts";

/** [MQTT-3.9.3] v3 SUBACK failure code; v5 uses the reason code. */
const v3Failure = 0x80;

export function handleSubscribe(connection: Connection, packet: ISubscribePacket): void {
  const v5 = connection.protocolVersion === 5;
  const { profile, limits } = connection.broker.config;
  const identifier = v5 ? packet.properties?.subscriptionIdentifier : undefined;
  // [M5-18] AWS IoT Core has no Subscription Identifiers
  if (identifier !== undefined && profile === "aws-iot-core") {
    throw new ErrorWithReasonCode(
      ReasonCode.SubscriptionIdentifiersNotSupported,
      "Subscription Identifiers are not supported",
    );
  }
  // [MQTT-3.8.3-4] No Local on a shared subscription is a protocol error
  if (packet.subscriptions.some((request) => request.nl && parseSharedFilter(request.topic))) {
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "No Local on a shared subscription");
  }
  // [BAD-08] [MQTT-3.8.3-3] a SUBSCRIBE must carry at least one filter
  if (packet.subscriptions.length === 0)
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "SUBSCRIBE without a topic filter");
  // [QOS-04] AWS does not answer an MQTT 3 SUBSCRIBE asking for QoS 2
  if (
    !v5 &&
    profile === "aws-iot-core" &&
    limits.maximumQos < 2 &&
    packet.subscriptions.some((request) => request.qos === 2)
  ) {
    connection.broker.log(`${connection.clientId}: QoS 2 SUBSCRIBE ignored`);
    return;
  }

  // [RC-16] the packet identifier of a PUBLISH still awaiting our PUBACK is in use
  if (packet.messageId !== undefined && packetIdInUse(connection, packet.messageId)) {
    const code = v5 ? ReasonCode.PacketIdentifierInUse : v3Failure;
    connection.send({ cmd: "suback", messageId: packet.messageId, granted: packet.subscriptions.map(() => code) });
    return;
  }

  // [LIM-02] a SUBSCRIBE with more filters than allowed has none of them granted
  const overLimit = tooManyFilters(connection.broker.brokerLimits, packet);
  if (overLimit) {
    connection.broker.log(`${connection.clientId}: SUBSCRIBE refused: ${overLimit}`);
    connection.send({
      cmd: "suback",
      messageId: packet.messageId,
      granted: packet.subscriptions.map(() => (v5 ? ReasonCode.QuotaExceeded : v3Failure)),
    });
    return;
  }

  const { broker, session } = connection;
  const granted: number[] = [];
  const added: Array<{ subscription: Subscription; isNew: boolean }> = [];
  for (const request of packet.subscriptions) {
    const refusal = refusalOf(connection, request);
    if (refusal) {
      connection.broker.log(
        `${connection.clientId}: filter ${JSON.stringify(request.topic)} refused: ${refusal.reason}`,
      );
      granted.push(v5 ? refusal.reasonCode : v3Failure);
      continue;
    }
    const subscription = toSubscription(request, Math.min(request.qos, limits.maximumQos) as QoS, identifier);
    const isNew = broker.subscribe(session, subscription);
    added.push({ subscription, isNew });
    granted.push(subscription.qos); // [QOS-07] [MQTT5-3.2.2-10] granted at most the Maximum QoS
  }
  connection.send({ cmd: "suback", messageId: packet.messageId, granted });
  announceSubscriptions(
    connection,
    "subscribed",
    added.map(({ subscription }) => subscription.filter),
  ); // [EVT-05]

  for (const { subscription, isNew } of added) {
    // [MQTT-3.3.1-9..11] Retain Handling: 0 always, 1 only for a new subscription, 2 never
    if (subscription.retainHandling === 2 || (subscription.retainHandling === 1 && !isNew)) continue;
    for (const message of broker.retainedFor(subscription))
      broker.deliverTo(session, broker.deliveryFor(message, subscription, true));
  }
}

/** Why one filter of a SUBSCRIBE is refused, with its reason code, or undefined [RC-16]. */
function refusalOf(
  connection: Connection,
  request: ISubscription,
): { reasonCode: number; reason: string } | undefined {
  const broker = connection.broker;
  const problem = topicFilterProblem(request.topic, broker.config.limits);
  if (problem) return { reasonCode: ReasonCode.TopicFilterInvalid, reason: problem };
  const shared = parseSharedFilter(request.topic);
  if (!connection.permissions.maySubscribe(shared ? shared.topicFilter : request.topic)) {
    return { reasonCode: ReasonCode.NotAuthorized, reason: "not authorized to subscribe to this filter" };
  }
  const maxMembers = broker.config.quotas.maxSharedSubscriptionMembers;
  if (shared && groupIsFull(broker.sharedMembers(request.topic), connection.session, maxMembers)) {
    return {
      reasonCode: ReasonCode.QuotaExceeded,
      reason: `the shared subscription group already has ${maxMembers} members`,
    }; // [SHR-12]
  }
  const tooMany = tooManySubscriptions(broker.brokerLimits, connection.session, request.topic); // [LIM-03]
  if (tooMany) return { reasonCode: ReasonCode.QuotaExceeded, reason: tooMany };
  return undefined;
}

function toSubscription(request: ISubscription, qos: QoS, identifier: number | undefined): Subscription {
  const shared = parseSharedFilter(request.topic);
  return {
    filter: request.topic,
    topicFilter: shared ? shared.topicFilter : request.topic,
    shareName: shared?.shareName,
    // [QOS-05] QoS 2 is granted as QoS 1 where the Maximum QoS is 1
    qos,
    ...(identifier === undefined ? {} : { identifier }),
    noLocal: request.nl ?? false,
    retainAsPublished: request.rap ?? false,
    retainHandling: request.rh ?? 0,
  };
}

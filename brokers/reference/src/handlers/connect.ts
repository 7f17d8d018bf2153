// CONNECT: run the phases that decide it; with an enhanced authentication method, start its
// exchange (the AUTH handler finishes it); then apply the accepted record to the connection (which
// takes over an older connection of the client and creates or resumes the session), answer
// CONNACK, and resend and replay what the session holds [SES-07].
import { generate, type IConnackPacket, type IConnectPacket } from "mqtt-packet";
import type { AcceptedConnect, Connection } from "../connection/connection.ts";
import { announceConnected, announceRefused } from "../lifecycle/connection-events.ts";
import { connackReturnCodeFor, ReasonCode } from "../reason-codes.ts";
import { admitConnect, ConnectRefused } from "./connect-phases.ts";

type ConnackProperties = NonNullable<IConnackPacket["properties"]>;

/** [MQTT5-4.12.0-2] the AUTH reason code asking the other side for more. */
export const continueAuthentication = 0x18;

export function handleConnect(connection: Connection, packet: IConnectPacket): void {
  let accepted: AcceptedConnect;
  try {
    accepted = admitConnect(connection.broker, connection.protocolVersion, packet, connection.certificateName);
  } catch (error) {
    if (!(error instanceof ConnectRefused)) throw error;
    announceRefused(connection, packet, error.reasonCode); // [EVT-06]
    refuseConnect(connection, error);
    return;
  }
  if (accepted.authenticationMethod) startAuthentication(connection, accepted, packet.properties?.authenticationData);
  else completeConnect(connection, accepted);
}

/**
 * [MQTT5-4.12.0-2] [MQTT5-4.12.0-5] the client-first message of the CONNECT answered with AUTH
 * 0x18 naming the method; the CONNECT waits for the client's answer.
 */
function startAuthentication(
  connection: Connection,
  accepted: AcceptedConnect,
  clientFirst: Buffer | undefined,
): void {
  const method = accepted.authenticationMethod!;
  const exchange = connection.broker.startScram(clientFirst);
  if (!exchange) {
    refuseConnect(
      connection,
      new ConnectRefused(
        ReasonCode.NotAuthorized,
        "the Authentication Data of CONNECT is not a SCRAM client-first message",
      ),
    );
    return;
  }
  connection.authentication = { method, exchange, connect: accepted };
  connection.send({
    cmd: "auth",
    reasonCode: continueAuthentication,
    properties: { authenticationMethod: method, authenticationData: exchange.serverFirst },
  });
}

/**
 * Accepts a CONNECT: CONNACK 0x00 (with the method and its last Authentication Data after an
 * exchange [MQTT5-4.12.0-5]), then what the session holds.
 */
export function completeConnect(connection: Connection, accepted: AcceptedConnect, authenticationData?: Buffer): void {
  const { sessionPresent } = connection.accept(accepted);
  const v5 = connection.protocolVersion === 5;
  const properties = v5 ? connackProperties(connection, accepted) : undefined;
  if (properties && accepted.authenticationMethod) {
    properties.authenticationMethod = accepted.authenticationMethod;
    if (authenticationData) properties.authenticationData = authenticationData;
  }
  const connack: IConnackPacket = {
    cmd: "connack",
    sessionPresent,
    ...(v5 ? { reasonCode: ReasonCode.Success, properties } : { returnCode: 0 }),
  };
  connection.send(v5 ? fitted(connack, accepted.limits.maximumPacketSize) : connack);
  announceConnected(connection, accepted.username); // [EVT-01]
  connection.resumeDelivery();
  connection.broker.log(
    `${accepted.clientId}: connected (v${v5 ? 5 : "3.1.1"}, session ${sessionPresent ? "resumed" : "new"})`,
  );
}

/** [M5-02] [M5-10] [M5-17] [QOS-05] [RET-14] [SHR-13] what the broker offers every v5 client, and what it decided. */
function connackProperties(connection: Connection, accepted: AcceptedConnect): ConnackProperties {
  const { limits, profile } = connection.broker.config;
  const properties: ConnackProperties = {
    retainAvailable: limits.retainAvailable === 1,
    topicAliasMaximum: limits.topicAliasMaximum,
    wildcardSubscriptionAvailable: true,
    sharedSubscriptionAvailable: true,
    maximumPacketSize: limits.maximumPacketSize,
    receiveMaximum: limits.receiveMaximum,
  };
  // [MQTT5-3.2.2-9] Maximum QoS is sent only below 2 (2 is not a value it may take)
  if (limits.maximumQos < 2) properties.maximumQoS = limits.maximumQos;
  // [M5-17] AWS IoT Core has no Subscription Identifiers; under oasis their absence says they are available
  if (profile === "aws-iot-core") properties.subscriptionIdentifiersAvailable = false;
  if (accepted.assignedClientId) properties.assignedClientIdentifier = accepted.clientId; // [M5-13]
  if (accepted.sessionExpiry.granted !== accepted.sessionExpiry.requested)
    properties.sessionExpiryInterval = accepted.sessionExpiry.granted; // [SES-18]
  if (accepted.keepAlive.announce) properties.serverKeepAlive = accepted.keepAlive.seconds; // [M5-14]
  return properties;
}

/**
 * Announcements a CONNACK can do without, in the order they are left out when it would exceed the
 * client's Maximum Packet Size [MQTT5-3.1.2-24]: first those whose absence says the same, then the
 * Topic Alias Maximum, whose absence only keeps the client from using aliases.
 */
const omissible: ReadonlyArray<{ name: keyof ConnackProperties; when: (value: unknown) => boolean }> = [
  { name: "retainAvailable", when: (value) => value === true },
  { name: "wildcardSubscriptionAvailable", when: (value) => value === true },
  { name: "sharedSubscriptionAvailable", when: (value) => value === true },
  { name: "topicAliasMaximum", when: () => true },
];

/** The CONNACK, left without what it can do without while it is larger than the client accepts. */
function fitted(connack: IConnackPacket, maximumPacketSize: number | undefined): IConnackPacket {
  if (maximumPacketSize === undefined || !connack.properties) return connack;
  const properties = { ...connack.properties };
  for (const { name, when } of omissible) {
    if (generate({ ...connack, properties }, { protocolVersion: 5 }).length <= maximumPacketSize) break;
    if (when(properties[name])) delete properties[name];
  }
  return { ...connack, properties };
}

/** MQTT 3.1.1 has no return code for a refused Will: the connection is closed without CONNACK. */
const refusedWillCodes = new Set<number>([
  ReasonCode.QosNotSupported,
  ReasonCode.TopicNameInvalid,
  ReasonCode.RetainNotSupported,
]);

/** Answers a refused CONNECT: v5 with its reason code, v3 with the closest return code; then closes. */
export function refuseConnect(connection: Connection, refusal: ConnectRefused): void {
  const v3HasCode = !refusedWillCodes.has(refusal.reasonCode);
  if (connection.protocolVersion === 5) {
    connection.send({
      cmd: "connack",
      sessionPresent: false,
      reasonCode: refusal.reasonCode,
      properties: connection.reasonString(refusal.message),
    });
  } else if (v3HasCode) {
    connection.send({ cmd: "connack", sessionPresent: false, returnCode: connackReturnCodeFor(refusal.reasonCode) });
  }
  connection.broker.log(`${connection.label}: CONNECT refused: ${refusal.message}`);
  connection.close("connect-refused");
}

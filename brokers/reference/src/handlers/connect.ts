// CONNECT: validate, take over an older connection with the same client identifier, create or
// resume the session, answer CONNACK, then resend and replay what the session holds.
import type { IConnackPacket, IConnectPacket } from "mqtt-packet";
import { authenticate } from "../auth/credentials.ts";
import type { ClientConnection } from "../connection.ts";
import { policyRefusal } from "../policy/connection-policy.ts";
import { connackReturnCodeFor, ReasonCode } from "../reason-codes.ts";
import { Session } from "../sessions/session.ts";
import { clientIdProblem, isReservedTopic, topicNameProblem } from "../topics.ts";
import { willFromConnect } from "../will.ts";

type ConnackProperties = NonNullable<IConnackPacket["properties"]>;

/** A CONNECT the broker refuses with a CONNACK reason code (v5) or return code (v3). */
class ConnectRefused extends Error {
  constructor(
    readonly reasonCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function handleConnect(connection: ClientConnection, packet: IConnectPacket): void {
  connection.protocolVersion = packet.protocolVersion === 5 ? 5 : 4;
  try {
    accept(connection, packet);
  } catch (error) {
    if (!(error instanceof ConnectRefused)) throw error;
    refuse(connection, error);
  }
}

function accept(connection: ClientConnection, packet: IConnectPacket): void {
  const broker = connection.broker;
  const { limits } = broker.config;
  const v5 = connection.protocolVersion === 5;
  // [MQTT-4.12.0-1] the broker supports no enhanced authentication method
  if (packet.properties?.authenticationMethod !== undefined) throw new ConnectRefused(ReasonCode.BadAuthenticationMethod, "enhanced authentication is not supported");
  const clientId = chooseClientId(connection, packet);
  checkWill(connection, packet);
  // [RC-03] [RC-04] user name and password, and the client identifiers the account may use
  const authentication = authenticate(broker.config.credentials, { username: packet.username, password: packet.password, clientId });
  if (!authentication.accepted) throw new ConnectRefused(authentication.reasonCode, authentication.reason);
  // [ATR-01] [ATR-02] [ATR-03] [RC-04]
  const refusal = policyRefusal(broker.config.policy, clientId, packet);
  if (refusal) throw new ConnectRefused(ReasonCode.NotAuthorized, refusal);
  checkConnectionQuota(connection, clientId);

  // [DIF-02] [LWT-04] an older connection with this client identifier is closed, its Will published
  broker.connections.get(clientId)?.close("session-taken-over", ReasonCode.SessionTakenOver, "another connection used this client identifier");

  const requestedExpiry = v5 ? (packet.properties?.sessionExpiryInterval ?? 0) : packet.clean ? 0 : limits.mqtt3SessionExpirySeconds;
  // [SES-18] an MQTT 5 interval is lowered to the configured maximum; [SES-14] MQTT 3 uses its own setting
  const expiryIntervalSeconds = v5 ? Math.min(requestedExpiry, limits.maxSessionExpirySeconds) : requestedExpiry;
  const cleanStart = packet.clean !== false;

  let session = broker.sessions.get(clientId, connection.protocolVersion);
  // [SES-02] [SES-03] a clean start ends any stored session
  if (session && cleanStart) {
    broker.endSession(session);
    session = undefined;
  }
  const sessionPresent = session !== undefined;
  if (session) session.expiryIntervalSeconds = expiryIntervalSeconds;
  else {
    session = new Session({
      clientId,
      protocolVersion: connection.protocolVersion,
      expiryIntervalSeconds,
      maxQueuedMessages: limits.maxQueuedMessages,
      queuedReplayPerSecond: limits.queuedReplayPerSecond,
      markRedeliveries: broker.profile === "oasis",
    });
    broker.sessions.put(session);
  }

  // [M5-14] keep-alive 0 or above the maximum is replaced by the server's value
  const requestedKeepAlive = packet.keepalive ?? 0;
  const keepAliveOverridden = v5 && (requestedKeepAlive === 0 || requestedKeepAlive > limits.maxKeepAliveSeconds);
  const keepAlive = keepAliveOverridden ? limits.maxKeepAliveSeconds : Math.min(requestedKeepAlive, limits.maxKeepAliveSeconds);

  connection.acceptConnect(packet, clientId);
  connection.permissions = authentication.permissions;
  connection.session = session;
  connection.will = packet.will ? willFromConnect(packet.will) : undefined;
  broker.connections.set(clientId, connection);
  broker.wills.cancel(clientId); // [LWT-11]

  const properties: ConnackProperties = {};
  if (v5) {
    Object.assign(properties, serverCapabilities(connection));
    if (clientId !== packet.clientId) properties.assignedClientIdentifier = clientId; // [M5-13]
    if (expiryIntervalSeconds !== requestedExpiry) properties.sessionExpiryInterval = expiryIntervalSeconds; // [SES-18]
    if (keepAliveOverridden) properties.serverKeepAlive = keepAlive;
  }
  connection.write({
    cmd: "connack",
    sessionPresent,
    ...(v5 ? { reasonCode: ReasonCode.Success, properties } : { returnCode: 0 }),
  });
  connection.startKeepAlive(keepAlive);
  // [SES-07] stored messages follow the CONNACK
  session.attach(connection);
  broker.log(`${clientId}: connected (v${v5 ? 5 : "3.1.1"}, session ${sessionPresent ? "resumed" : "new"})`);
}

/** [M5-02] [M5-10] [M5-17] [QOS-05] [RET-14] [SHR-13] what the broker offers every v5 client. */
function serverCapabilities(connection: ClientConnection): ConnackProperties {
  const { limits } = connection.broker.config;
  return {
    maximumQoS: 1,
    retainAvailable: true,
    topicAliasMaximum: limits.topicAliasMaximum,
    wildcardSubscriptionAvailable: true,
    subscriptionIdentifiersAvailable: false,
    sharedSubscriptionAvailable: true,
    maximumPacketSize: limits.maximumPacketSize,
    receiveMaximum: limits.receiveMaximum,
  };
}

function chooseClientId(connection: ClientConnection, packet: IConnectPacket): string {
  const { limits } = connection.broker.config;
  if (packet.clientId === "") {
    // [MQTT-3.1.3-8] an MQTT 3 client with an empty identifier must ask for a clean session
    if (connection.protocolVersion === 4 && packet.clean === false) {
      throw new ConnectRefused(ReasonCode.ClientIdentifierNotValid, "empty client identifier with cleanSession=0");
    }
    return connection.broker.assignClientId();
  }
  const problem = clientIdProblem(packet.clientId, limits);
  // [DIF-06] [RC-02]
  if (problem) throw new ConnectRefused(ReasonCode.ClientIdentifierNotValid, problem);
  return packet.clientId;
}

/** [RC-06] at the connection quota a new client is refused; taking over an identifier adds none. */
function checkConnectionQuota(connection: ClientConnection, clientId: string): void {
  const { connections, config } = connection.broker;
  const { maxConnections } = config.quotas;
  if (maxConnections === undefined || connections.has(clientId) || connections.size < maxConnections) return;
  throw new ConnectRefused(ReasonCode.QuotaExceeded, `the broker already has ${maxConnections} connections`);
}

function checkWill(connection: ClientConnection, packet: IConnectPacket): void {
  const will = packet.will;
  if (!will) return;
  // [LWT-05] [RC-07] Will QoS 2 is refused
  if ((will.qos ?? 0) > 1) throw new ConnectRefused(ReasonCode.QosNotSupported, "Will QoS 2 is not supported");
  // [LWT-09] [RC-05] a well-formed Will topic the broker does not accept
  const problem = topicNameProblem(will.topic, connection.broker.config.limits) ?? (isReservedTopic(will.topic) ? "Will topic is reserved" : undefined);
  if (problem) throw new ConnectRefused(ReasonCode.TopicNameInvalid, problem);
}

/** Answers a refused CONNECT: v5 with its reason code, v3 with the closest return code. */
function refuse(connection: ClientConnection, refusal: ConnectRefused): void {
  const v5 = connection.protocolVersion === 5;
  const v3ReturnCode = connackReturnCodeFor(refusal.reasonCode);
  // MQTT 3.1.1 has no return code for a refused Will: the connection is closed without CONNACK
  const v3HasCode = refusal.reasonCode !== ReasonCode.QosNotSupported && refusal.reasonCode !== ReasonCode.TopicNameInvalid;
  if (v5) {
    connection.write({ cmd: "connack", sessionPresent: false, reasonCode: refusal.reasonCode, properties: connection.reasonString(refusal.message) });
  } else if (v3HasCode) {
    connection.write({ cmd: "connack", sessionPresent: false, returnCode: v3ReturnCode });
  }
  connection.broker.log(`${connection.label}: CONNECT refused: ${refusal.message}`);
  connection.close("connect-refused");
}

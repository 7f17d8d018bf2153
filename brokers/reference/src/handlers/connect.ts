// CONNECT: run the phases that decide it, apply the accepted record to the connection (which
// takes over an older connection of the client and creates or resumes the session), answer
// CONNACK, then resend and replay what the session holds [SES-07].
import type { IConnackPacket, IConnectPacket } from "mqtt-packet";
import type { AcceptedConnect, Connection } from "../connection/connection.ts";
import { connackReturnCodeFor, ReasonCode } from "../reason-codes.ts";
import { admitConnect, ConnectRefused } from "./connect-phases.ts";

type ConnackProperties = NonNullable<IConnackPacket["properties"]>;

export function handleConnect(connection: Connection, packet: IConnectPacket): void {
  let accepted: AcceptedConnect;
  try {
    accepted = admitConnect(connection.broker, connection.protocolVersion, packet);
  } catch (error) {
    if (!(error instanceof ConnectRefused)) throw error;
    refuse(connection, error);
    return;
  }
  const { sessionPresent } = connection.accept(accepted);
  const v5 = connection.protocolVersion === 5;
  connection.send({
    cmd: "connack",
    sessionPresent,
    ...(v5 ? { reasonCode: ReasonCode.Success, properties: connackProperties(connection, accepted) } : { returnCode: 0 }),
  });
  connection.resumeDelivery();
  connection.broker.log(`${accepted.clientId}: connected (v${v5 ? 5 : "3.1.1"}, session ${sessionPresent ? "resumed" : "new"})`);
}

/** [M5-02] [M5-10] [M5-17] [QOS-05] [RET-14] [SHR-13] what the broker offers every v5 client, and what it decided. */
function connackProperties(connection: Connection, accepted: AcceptedConnect): ConnackProperties {
  const { limits } = connection.broker.config;
  const properties: ConnackProperties = {
    maximumQoS: 1,
    retainAvailable: true,
    topicAliasMaximum: limits.topicAliasMaximum,
    wildcardSubscriptionAvailable: true,
    subscriptionIdentifiersAvailable: false,
    sharedSubscriptionAvailable: true,
    maximumPacketSize: limits.maximumPacketSize,
    receiveMaximum: limits.receiveMaximum,
  };
  if (accepted.assignedClientId) properties.assignedClientIdentifier = accepted.clientId; // [M5-13]
  if (accepted.sessionExpiry.granted !== accepted.sessionExpiry.requested) properties.sessionExpiryInterval = accepted.sessionExpiry.granted; // [SES-18]
  if (accepted.keepAlive.announce) properties.serverKeepAlive = accepted.keepAlive.seconds; // [M5-14]
  return properties;
}

/** Answers a refused CONNECT: v5 with its reason code, v3 with the closest return code. */
function refuse(connection: Connection, refusal: ConnectRefused): void {
  // MQTT 3.1.1 has no return code for a refused Will: the connection is closed without CONNACK
  const v3HasCode = refusal.reasonCode !== ReasonCode.QosNotSupported && refusal.reasonCode !== ReasonCode.TopicNameInvalid;
  if (connection.protocolVersion === 5) {
    connection.send({ cmd: "connack", sessionPresent: false, reasonCode: refusal.reasonCode, properties: connection.reasonString(refusal.message) });
  } else if (v3HasCode) {
    connection.send({ cmd: "connack", sessionPresent: false, returnCode: connackReturnCodeFor(refusal.reasonCode) });
  }
  connection.broker.log(`${connection.label}: CONNECT refused: ${refusal.message}`);
  connection.close("connect-refused");
}

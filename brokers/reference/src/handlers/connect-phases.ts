// CONNECT, decided in named phases: who the client is, whether its Will is acceptable, whether it
// may connect, and what the broker grants it. Each phase either refuses (ConnectRefused, answered
// with CONNACK) or adds to the one record the connection then applies: AcceptedConnect.
import type { IConnectPacket } from "mqtt-packet";
import { authorizeCertificate } from "../auth/certificate-accounts.ts";
import { authenticate, unrestricted, type Permissions } from "../auth/credentials.ts";
import type { Broker } from "../broker.ts";
import type { ProtocolVersion } from "../codec/decoder.ts";
import type { BrokerConfig } from "../config.ts";
import type { AcceptedConnect } from "../connection/connection.ts";
import { connectionRateExceeded } from "../limits/connect-rate.ts";
import { policyRefusal } from "../policy/connection-policy.ts";
import { ReasonCode } from "../reason-codes.ts";
import { clientIdProblem, isReservedTopic, topicNameProblem } from "../topics.ts";
import { willFromConnect, type Will } from "../will.ts";

/** A CONNECT the broker refuses with a CONNACK reason code (v5) or return code (v3). */
export class ConnectRefused extends Error {
  constructor(
    readonly reasonCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Receive Maximum of a client that states none [MQTT-3.1.2-21]. */
const defaultClientReceiveMaximum = 65535;

/** Phase 1: the client identifier, chosen by the broker when the client sends none [M5-13]. */
function identify(
  broker: Broker,
  version: ProtocolVersion,
  packet: IConnectPacket,
): { clientId: string; assigned: boolean } {
  if (packet.clientId === "") {
    // [MQTT-3.1.3-8] an MQTT 3 client with an empty identifier must ask for a clean session
    if (version === 4 && packet.clean === false)
      throw new ConnectRefused(ReasonCode.ClientIdentifierNotValid, "empty client identifier with cleanSession=0");
    return { clientId: broker.assignClientId(), assigned: true };
  }
  // [DIF-06] [RC-02]
  const problem = clientIdProblem(packet.clientId, broker.config.limits);
  if (problem) throw new ConnectRefused(ReasonCode.ClientIdentifierNotValid, problem);
  return { clientId: packet.clientId, assigned: false };
}

/** Phase 2: the Will, if the broker accepts it. */
function checkWill(config: BrokerConfig, packet: IConnectPacket): Will | undefined {
  const will = packet.will;
  if (!will) return undefined;
  const { maximumQos, retainAvailable } = config.limits;
  // [LWT-05] [RC-07] [MQTT5-3.2.2-12] a Will QoS above the broker's Maximum QoS is refused
  if ((will.qos ?? 0) > maximumQos)
    throw new ConnectRefused(
      ReasonCode.QosNotSupported,
      `Will QoS ${will.qos} is above the Maximum QoS ${maximumQos}`,
    );
  // [MQTT5-3.2.2-13] a broker without retained messages refuses Will Retain
  if (will.retain && retainAvailable === 0)
    throw new ConnectRefused(ReasonCode.RetainNotSupported, "Will Retain on a broker without retained messages");
  // [LWT-09] [RC-05] a well-formed Will topic the broker does not accept
  const problem =
    topicNameProblem(will.topic, config.limits) ??
    (isReservedTopic(will.topic) ? "Will topic is reserved" : undefined);
  if (problem) throw new ConnectRefused(ReasonCode.TopicNameInvalid, problem);
  return willFromConnect(will);
}

/**
 * Who the client is, and what it may do: a verified client certificate is the principal where
 * there is one [TRN-03], otherwise the user name and password.
 */
function authenticateClient(
  broker: Broker,
  clientId: string,
  packet: IConnectPacket,
  certificateName: string | undefined,
): Permissions {
  const { config } = broker;
  if (certificateName !== undefined) {
    const authorization = authorizeCertificate(config.certificates, certificateName, clientId);
    if (!authorization.accepted) throw new ConnectRefused(ReasonCode.NotAuthorized, authorization.reason);
    return authorization.permissions;
  }
  // [RC-03] [RC-04] user name and password, and the client identifiers the account may use
  const authentication = authenticate(config.credentials, {
    username: packet.username,
    password: packet.password,
    clientId,
  });
  if (!authentication.accepted) throw new ConnectRefused(authentication.reasonCode, authentication.reason);
  return authentication.permissions;
}

/**
 * Phase 3: whether the client may connect, and what it may then do. A CONNECT naming the broker's
 * enhanced authentication method is authenticated by its exchange instead of user name and
 * password [MQTT5-4.12]; any other method is refused [MQTT5-4.12.0-1].
 */
function authorize(
  broker: Broker,
  clientId: string,
  packet: IConnectPacket,
  certificateName: string | undefined,
): Permissions {
  const { config } = broker;
  const method = packet.properties?.authenticationMethod;
  let permissions = unrestricted;
  if (method !== undefined) {
    if (method !== config.enhancedAuthentication?.method)
      throw new ConnectRefused(
        ReasonCode.BadAuthenticationMethod,
        `authentication method ${JSON.stringify(method)} is not supported`,
      );
  } else {
    permissions = authenticateClient(broker, clientId, packet, certificateName);
  }
  // [ATR-01] [ATR-02] [ATR-03] [RC-04]
  const refusal = policyRefusal(config.policy, clientId, packet);
  if (refusal) throw new ConnectRefused(ReasonCode.NotAuthorized, refusal);
  // [RC-06] at the connection quota a new client is refused; taking over an identifier adds none
  const { maxConnections } = config.quotas;
  if (maxConnections !== undefined && !broker.isConnected(clientId) && broker.connectedCount >= maxConnections) {
    throw new ConnectRefused(ReasonCode.QuotaExceeded, `the broker already has ${maxConnections} connections`);
  }
  // [LIM-04] the last check: a CONNECT that passes it counts against the client identifier's rate
  if (!broker.connectRate.admit(clientId))
    throw new ConnectRefused(connectionRateExceeded, `client identifier ${clientId} connected less than a second ago`);
  return permissions;
}

/** Phase 4: what the broker grants: session expiry, keep-alive, and the client's own limits. */
function negotiate(
  broker: Broker,
  version: ProtocolVersion,
  packet: IConnectPacket,
): Pick<AcceptedConnect, "cleanStart" | "sessionExpiry" | "keepAlive" | "limits"> {
  const { config } = broker;
  const { limits } = config;
  const v5 = version === 5;
  const requested = v5
    ? (packet.properties?.sessionExpiryInterval ?? 0)
    : packet.clean
      ? 0
      : limits.mqtt3SessionExpirySeconds;
  // [SES-18] an MQTT 5 interval is lowered to the configured maximum; [SES-14] MQTT 3 uses its own setting
  const granted = v5 ? Math.min(requested, limits.maxSessionExpirySeconds) : requested;
  return {
    cleanStart: packet.clean !== false,
    sessionExpiry: { requested, granted },
    keepAlive: grantKeepAlive(config, broker.brokerLimits.minKeepAliveSeconds, version, packet.keepalive ?? 0),
    limits: {
      receiveMaximum: packet.properties?.receiveMaximum ?? defaultClientReceiveMaximum,
      maximumPacketSize: packet.properties?.maximumPacketSize,
      topicAliasMaximum: packet.properties?.topicAliasMaximum ?? 0,
      problemInformation: packet.properties?.requestProblemInformation ?? true,
    },
  };
}

/**
 * [M5-14] [LIM-01] the keep-alive served: 0 or above the maximum becomes the maximum, below the
 * minimum (if there is one) the minimum, and an MQTT 5 CONNACK says so with Server Keep Alive.
 * MQTT 3.1.1 has no way to say so: AWS IoT Core serves it all the same, while OASIS requires the
 * client's own value to be honoured, at 1.5 × [MQTT-3.1.2-24], unless a minimum is configured.
 */
function grantKeepAlive(
  config: BrokerConfig,
  minimumSeconds: number | undefined,
  version: ProtocolVersion,
  requested: number,
): AcceptedConnect["keepAlive"] {
  const maximum = config.limits.maxKeepAliveSeconds;
  const minimum = Math.min(minimumSeconds ?? 0, maximum);
  const served = requested === 0 || requested > maximum ? maximum : Math.max(requested, minimum);
  if (version === 5) return { seconds: served, announce: served !== requested };
  if (config.profile === "aws-iot-core") return { seconds: served, announce: false };
  return { seconds: requested === 0 ? 0 : Math.max(requested, minimum), announce: false };
}

/** Runs the phases in order; throws ConnectRefused at the first that refuses. */
export function admitConnect(
  broker: Broker,
  version: ProtocolVersion,
  packet: IConnectPacket,
  certificateName?: string,
): AcceptedConnect {
  const { clientId, assigned } = identify(broker, version, packet);
  const will = checkWill(broker.config, packet);
  const permissions = authorize(broker, clientId, packet, certificateName);
  const authenticationMethod = packet.properties?.authenticationMethod;
  return {
    clientId,
    assignedClientId: assigned,
    will,
    permissions,
    ...(packet.username !== undefined ? { username: packet.username } : {}),
    ...(authenticationMethod ? { authenticationMethod } : {}),
    ...negotiate(broker, version, packet),
  };
}

// Where a connection's life meets the lifecycle events [EVT-01..06]: the handlers and the
// connection call these at the moments AWS IoT Core reports, and these read what the event needs.
import type { IConnectPacket } from "mqtt-packet";
import type { CloseCause, Connection } from "../connection/connection.ts";
import { connectFailureOf, disconnectReasonOf } from "./lifecycle-events.ts";

/** The principal an event names: the client certificate, else the user name, else anonymous. */
function principalOf(connection: Connection, username: string | undefined): string {
  return connection.certificateName ?? username ?? "anonymous";
}

/** [EVT-01] after CONNACK 0x00: the connection gets the identity its later events carry. */
export function announceConnected(connection: Connection, username: string | undefined): void {
  const { lifecycle } = connection.broker;
  connection.lifecycleIdentity = lifecycle.identify(
    connection.clientId,
    principalOf(connection, username),
    connection.peer,
  );
  lifecycle.connected(connection.lifecycleIdentity);
}

/** [EVT-02] [EVT-03] when an accepted connection ends, whatever ended it. */
export function announceClosed(connection: Connection, cause: CloseCause, reasonCode: number | undefined): void {
  if (connection.lifecycleIdentity)
    connection.broker.lifecycle.disconnected(connection.lifecycleIdentity, disconnectReasonOf(cause, reasonCode));
}

/** [EVT-06] a CONNECT refused for its credentials, its authorization or a rate. */
export function announceRefused(connection: Connection, packet: IConnectPacket, reasonCode: number): void {
  const failure = connectFailureOf(reasonCode);
  if (failure)
    connection.broker.lifecycle.connectFailed(
      packet.clientId,
      failure,
      principalOf(connection, packet.username),
      connection.peer,
    );
}

/** [EVT-05] the filters a SUBSCRIBE added or an UNSUBSCRIBE removed. */
export function announceSubscriptions(
  connection: Connection,
  eventType: "subscribed" | "unsubscribed",
  topics: readonly string[],
): void {
  if (connection.lifecycleIdentity)
    connection.broker.lifecycle.subscriptionsChanged(connection.lifecycleIdentity, eventType, topics);
}

// Where sessions are kept between connections. Sessions are keyed by client identifier and
// protocol version, so an MQTT 3 session is never resumed over MQTT 5 or the reverse [SES-06].
import type { ProtocolVersion } from "../codec/decoder.ts";
import type { Session } from "./session.ts";

export interface SessionStore {
  get(clientId: string, protocolVersion: ProtocolVersion): Session | undefined;
  put(session: Session): void;
  delete(session: Session): void;
  /** Every session, connected or not, for routing. */
  all(): Iterable<Session>;
  readonly size: number;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();

  private static key(clientId: string, protocolVersion: ProtocolVersion): string {
    return `${protocolVersion}:${clientId}`;
  }

  get(clientId: string, protocolVersion: ProtocolVersion): Session | undefined {
    return this.sessions.get(MemorySessionStore.key(clientId, protocolVersion));
  }

  put(session: Session): void {
    this.sessions.set(MemorySessionStore.key(session.clientId, session.protocolVersion), session);
  }

  delete(session: Session): void {
    const key = MemorySessionStore.key(session.clientId, session.protocolVersion);
    if (this.sessions.get(key) === session) this.sessions.delete(key);
  }

  all(): Iterable<Session> {
    return this.sessions.values();
  }

  get size(): number {
    return this.sessions.size;
  }
}

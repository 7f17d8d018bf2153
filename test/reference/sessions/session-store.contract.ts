// What every SessionStore must do, as one suite any implementation runs: sessions are found by
// client identifier AND protocol version [SES-06], replaced per key, and deleted only by the
// session that holds the key.
import { describe, expect, it } from "vitest";
import type { ProtocolVersion } from "../../../brokers/reference/src/codec/decoder.ts";
import { Session } from "../../../brokers/reference/src/sessions/session.ts";
import type { SessionStore } from "../../../brokers/reference/src/sessions/session-store.ts";

function session(clientId: string, protocolVersion: ProtocolVersion): Session {
  return new Session({
    clientId,
    protocolVersion,
    expiryIntervalSeconds: 60,
    queueLimits: { maxMessages: 10, maxBytes: 1_000_000 },
  });
}

export function sessionStoreContract(implementation: string, createStore: () => SessionStore): void {
  describe(`SessionStore contract: ${implementation}`, () => {
    it("finds nothing for an unknown client", () => {
      expect(createStore().get("device", 4)).toBeUndefined();
    });

    it("finds a stored session by client identifier and protocol version", () => {
      const store = createStore();
      const stored = session("device", 4);
      store.put(stored);
      expect(store.get("device", 4)).toBe(stored);
      expect(store.size).toBe(1);
    });

    it("keeps MQTT 3 and MQTT 5 sessions of one client identifier apart [SES-06]", () => {
      const store = createStore();
      const v3 = session("device", 4);
      store.put(v3);
      expect(store.get("device", 5)).toBeUndefined();
      const v5 = session("device", 5);
      store.put(v5);
      expect(store.get("device", 4)).toBe(v3);
      expect(store.get("device", 5)).toBe(v5);
      expect(store.size).toBe(2);
    });

    it("replaces the session of the same client identifier and version", () => {
      const store = createStore();
      store.put(session("device", 5));
      const newer = session("device", 5);
      store.put(newer);
      expect(store.get("device", 5)).toBe(newer);
      expect(store.size).toBe(1);
    });

    it("deletes a session, but not a newer one that took its key", () => {
      const store = createStore();
      const older = session("device", 4);
      store.put(older);
      const newer = session("device", 4);
      store.put(newer);
      store.delete(older);
      expect(store.get("device", 4)).toBe(newer);
      store.delete(newer);
      expect(store.get("device", 4)).toBeUndefined();
      expect(store.size).toBe(0);
    });

    it("lists every session for routing", () => {
      const store = createStore();
      const sessions = [session("a", 4), session("a", 5), session("b", 5)];
      for (const each of sessions) store.put(each);
      expect(new Set(store.all())).toEqual(new Set(sessions));
    });
  });
}

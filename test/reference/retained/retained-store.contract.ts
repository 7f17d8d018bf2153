// What every RetainedStore must do, as one suite any implementation runs: one message per topic
// [RET-02], a zero-byte payload deletes [RET-05], expired messages are gone [RET-08].
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Message } from "../../../brokers/reference/src/message.ts";
import type { RetainedStore } from "../../../brokers/reference/src/retained/retained-store.ts";

function retained(topic: string, payload: string, expiresAt?: number): Message {
  return {
    topic,
    payload: Buffer.from(payload),
    qos: 1,
    retain: true,
    properties: {},
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

export function retainedStoreContract(implementation: string, createStore: () => RetainedStore): void {
  describe(`RetainedStore contract: ${implementation}`, () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("keeps a retained message per topic [RET-01]", () => {
      const store = createStore();
      store.set(retained("lamp/state", "on"));
      expect(store.get("lamp/state")?.payload.toString()).toBe("on");
      expect(store.get("lamp/other")).toBeUndefined();
      expect(store.size).toBe(1);
    });

    it("replaces the retained message of a topic with a newer one [RET-02]", () => {
      const store = createStore();
      store.set(retained("lamp/state", "on"));
      store.set(retained("lamp/state", "off"));
      expect(store.get("lamp/state")?.payload.toString()).toBe("off");
      expect(store.size).toBe(1);
    });

    it("deletes the retained message on a zero-byte payload, and stores nothing for it [RET-05]", () => {
      const store = createStore();
      store.set(retained("lamp/state", "on"));
      store.set(retained("lamp/state", ""));
      expect(store.get("lamp/state")).toBeUndefined();
      expect(store.size).toBe(0);
      store.set(retained("never/set", ""));
      expect(store.size).toBe(0);
    });

    it("forgets a message once its expiry has passed [RET-08]", () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const store = createStore();
      store.set(retained("expiring", "soon", 1_001_000));
      store.set(retained("lasting", "always"));
      expect(store.get("expiring")).toBeDefined();
      vi.setSystemTime(1_001_000);
      expect(store.get("expiring")).toBeUndefined();
      expect(store.size).toBe(1);
      expect(store.find(() => true).map((message) => message.topic)).toEqual(["lasting"]);
    });

    it("counts without the expired message, but keeps the one that replaced it [RET-08]", () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const store = createStore();
      store.set(retained("lamp/state", "old", 1_001_000));
      store.set(retained("lamp/state", "new", 1_005_000));
      store.set(retained("door/state", "open", 1_002_000));
      vi.setSystemTime(1_002_500);
      expect(store.size).toBe(1);
      expect(store.get("lamp/state")?.payload.toString()).toBe("new");
    });

    it("finds the retained messages whose topic satisfies a predicate", () => {
      const store = createStore();
      for (const topic of ["a/b", "a/c", "b/c"]) store.set(retained(topic, topic));
      expect(
        store
          .find((topic) => topic.startsWith("a/"))
          .map((message) => message.topic)
          .sort(),
      ).toEqual(["a/b", "a/c"]);
    });
  });
}

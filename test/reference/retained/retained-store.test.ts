// Runs the RetainedStore contract against every implementation the reference broker has, and
// checks the retained-message limit that sits on top of any store [RET-10].
import { describe, expect, it } from "vitest";
import type { Message } from "../../../brokers/reference/src/message.ts";
import { retainedQuotaExceeded } from "../../../brokers/reference/src/retained/retained-quota.ts";
import { MemoryRetainedStore } from "../../../brokers/reference/src/retained/retained-store.ts";
import { retainedStoreContract } from "./retained-store.contract.ts";

retainedStoreContract("MemoryRetainedStore", () => new MemoryRetainedStore());

function publish(topic: string, payload: string, retain = true): Message {
  return { topic, payload: Buffer.from(payload), qos: 1, retain, properties: {} };
}

describe("retainedQuotaExceeded [RET-10]", () => {
  const store = new MemoryRetainedStore();
  store.set(publish("a", "1"));
  store.set(publish("b", "2"));

  it.each([
    { name: "a new retained message at the limit", message: publish("c", "3"), limit: 2, exceeded: true },
    {
      name: "a replacement at the limit (throttled until the count falls below it)",
      message: publish("a", "new"),
      limit: 2,
      exceeded: true,
    },
    { name: "a delete at the limit", message: publish("a", ""), limit: 2, exceeded: false },
    { name: "a message that is not retained", message: publish("c", "3", false), limit: 2, exceeded: false },
    { name: "a new retained message below the limit", message: publish("c", "3"), limit: 3, exceeded: false },
  ])("$name: $exceeded", ({ message, limit, exceeded }) => {
    expect(retainedQuotaExceeded(store, message, limit)).toBe(exceeded);
  });
});

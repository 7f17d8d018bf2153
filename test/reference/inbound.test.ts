// Inbound PUBLISH bookkeeping: packet identifiers in use until our PUBACK [RC-10], the broker's
// Receive Maximum [M5-16], and the per-connection publish quota [RC-09].
import { afterEach, describe, expect, it, vi } from "vitest";
import { EdgeGuard } from "../../brokers/reference/src/edge-guard.ts";
import { PendingAcknowledgements } from "../../brokers/reference/src/inbound/pending-acknowledgements.ts";
import { PublishRate } from "../../brokers/reference/src/inbound/publish-rate.ts";

describe("pending acknowledgements", () => {
  const scheduler = new EdgeGuard((where, error) => expect.fail(`${where}: ${String(error)}`));

  afterEach(() => {
    vi.useRealTimers();
  });

  it("acknowledges at once when there is no delay, keeping no identifier in use", () => {
    const pending = new PendingAcknowledgements(scheduler, 0);
    const sent: number[] = [];
    pending.acknowledge(7, () => sent.push(7));
    expect(sent).toEqual([7]);
    expect(pending.inUse(7)).toBe(false);
    expect(pending.size).toBe(0);
  });

  it("keeps an identifier in use until the delayed PUBACK is sent", () => {
    vi.useFakeTimers();
    const pending = new PendingAcknowledgements(scheduler, 500);
    const sent: number[] = [];
    pending.acknowledge(7, () => sent.push(7));
    expect(pending.inUse(7)).toBe(true);
    expect(pending.inUse(undefined)).toBe(false);
    pending.acknowledge(8, () => sent.push(8));
    expect(pending.size).toBe(2);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([7, 8]);
    expect(pending.inUse(7)).toBe(false);
    expect(pending.size).toBe(0);
  });

  it("never sends the acknowledgements of a closed connection", () => {
    vi.useFakeTimers();
    const pending = new PendingAcknowledgements(scheduler, 500);
    const sent: number[] = [];
    pending.acknowledge(7, () => sent.push(7));
    pending.clear();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});

describe("publish quota", () => {
  it("has no limit unless configured", () => {
    const rate = new PublishRate(undefined);
    expect(Array.from({ length: 1000 }, () => rate.allow()).every(Boolean)).toBe(true);
  });

  it("allows N PUBLISHes in any one second and refuses the next", () => {
    let now = 0;
    const rate = new PublishRate(2, () => now);
    expect([rate.allow(), rate.allow(), rate.allow()]).toEqual([true, true, false]);
    now = 999;
    expect(rate.allow()).toBe(false);
    now = 1000;
    expect([rate.allow(), rate.allow(), rate.allow()]).toEqual([true, true, false]);
  });
});

// Steps about AWS IoT Core's message-broker limits [LIM-01..06]: filling a limit to its value and
// going one over (the value the scenario set, or the broker's declared one), the CONNECT rate of a
// client identifier, and a throughput cap that delays instead of refusing.
import type { ISubackPacket } from "mqtt-packet";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { check } from "../support/harness/assertions.ts";
import { connectMaybeRefused } from "../support/harness/connecting.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import type { LimitKind } from "../support/harness/limit-kinds.ts";
import { isNumberedOn, numbersFrom, tally } from "../support/harness/numbered-messages.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { subscribeGranted, subscribeToAll } from "../support/harness/subscribing.ts";
import { earlyToleranceMs, timingSlackMs } from "../support/harness/timing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** `prefix/1` … `prefix/count`, in the scenario's namespace. */
function filtersUnder(world: ConformanceWorld, prefix: string, count: number): string[] {
  return numbersFrom(1, count).map((number) => world.topic(`${prefix}/${number}`));
}

/**
 * [LIM-02] [LIM-03] fills a limit (or goes one over it) with filters `prefix/1`, `prefix/2`, …: in
 * one SUBSCRIBE, or one SUBSCRIBE each (each then granted). A broker may answer a SUBSCRIBE over a
 * limit with DISCONNECT instead of a SUBACK.
 */
When(
  "{string} subscribes {grouping} to {fill} {limitKind} allows, under {string}",
  async function (
    this: ConformanceWorld,
    name: string,
    grouping: "together" | "apart",
    extra: number,
    kind: LimitKind,
    prefix: string,
  ) {
    const filters = filtersUnder(this, prefix, this.requireLimit(kind) + extra);
    if (grouping === "apart") {
      for (const filter of filters) await subscribeGranted(this, name, filter, 1);
      return;
    }
    const client = this.client(name);
    if (extra > 0) client.allowClose();
    await subscribeToAll(
      this,
      name,
      filters.map((topic) => ({ topic, qos: 1 })),
    ).catch((error: Error) => {
      if (extra === 0 || !client.closed) throw error;
    });
  },
);

function lastSuback(world: ConformanceWorld, name: string): ISubackPacket | undefined {
  return world.subacks.get(name);
}

Then("the SUBACK to {string} grants every filter", function (this: ConformanceWorld, name: string) {
  const suback = this.suback(name);
  const codes = suback.granted as number[];
  check(
    codes.every((code) => code < 0x80),
    this.client(name),
    `expected every filter granted, got ${describePacket(suback)}`,
  );
});

Then(
  "the SUBACK to {string} refuses every filter, or the broker disconnects it with {codes}",
  async function (this: ConformanceWorld, name: string, disconnectCodes: number[]) {
    const client = this.client(name);
    const subscribe = [...client.log.entries]
      .reverse()
      .find((entry) => entry.direction === "sent" && entry.packet?.cmd === "subscribe")?.packet;
    const suback = lastSuback(this, name);
    if (suback && subscribe?.cmd === "subscribe" && suback.messageId === subscribe.messageId) {
      const codes = suback.granted as number[];
      check(
        codes.length === subscribe.subscriptions.length && codes.every((code) => code >= 0x80),
        client,
        `expected every filter of the SUBSCRIBE refused, got ${describePacket(suback)}`,
      );
      return;
    }
    const closed = await client.waitForClose(this.deliveryTimeoutMs);
    const code = closed.disconnect?.reasonCode;
    check(
      client.protocolVersion === 4 || (code !== undefined && disconnectCodes.includes(code)),
      client,
      `expected a SUBACK refusing every filter, or DISCONNECT ${disconnectCodes.map(hexCode).join(" or ")}, ` +
        `got the close${code === undefined ? "" : ` after DISCONNECT ${hexCode(code)}`}`,
    );
  },
);

When(
  "client {string} connects with MQTT {mqtt} using the client identifier of {string}, within the CONNECT rate window",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, other: string) {
    const perSecond = this.requireLimit("connectsPerSecondPerClientId");
    const connectedAt =
      this.client(other).log.entries.find((entry) => entry.direction === "received" && entry.packet?.cmd === "connack")
        ?.at ?? 0;
    await connectMaybeRefused(this, name, version, { clientId: this.clientId(other) }, { rateLimited: false });
    const sentAt =
      this.client(name).log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect")
        ?.at ?? 0;
    // a CONNECT sent after the window would not probe the limit: the machine was too slow to judge it
    if (sentAt - connectedAt >= 1000 / perSecond)
      throw new Error(
        `the second CONNECT went out ${sentAt - connectedAt} ms after the first was accepted, ` +
          `outside the ${1000 / perSecond} ms window it was to probe`,
      );
  },
);

/**
 * [LIM-05] all the numbered messages arrive, and no sooner than the cap lets the publisher's bytes
 * through (its first second's worth at once, the rest at the rate), nor much later.
 */
Then(
  "{string} receives each of the numbered messages {int} to {int} on {string}, " +
    "spread as the bytes per connection of {string} allow",
  async function (
    this: ConformanceWorld,
    name: string,
    first: number,
    last: number,
    topic: string,
    publisher: string,
  ) {
    const rate = this.requireLimit("maxBytesPerSecondPerConnection");
    const sender = this.client(publisher);
    const sent = sender.log.entries.filter((entry) => entry.direction === "sent");
    const bytes = sent.reduce((total, entry) => total + (entry.bytes?.length ?? 0), 0);
    const firstSentAt = sent.find((entry) => entry.packet?.cmd === "publish")?.at ?? sent[0].at;
    const earliestMs = Math.max(0, ((bytes - rate) / rate) * 1000) - earlyToleranceMs;
    const latestMs = earliestMs + 1000 + timingSlackMs;
    const client = this.client(name);
    const full = this.topic(topic);
    const numbers = numbersFrom(first, last);
    await pollUntil(
      `the numbered messages ${first} to ${last} on ${JSON.stringify(full)}`,
      () => numbers.every((number) => tally([client], full).has(number)),
      [client],
      latestMs + this.deliveryTimeoutMs,
    );
    const arrivals = client.packets.filter((raw) => isNumberedOn(full)(raw.packet));
    const spreadMs = Math.max(...arrivals.map((raw) => raw.entry.at)) - firstSentAt;
    check(
      spreadMs >= earliestMs && spreadMs <= latestMs,
      client,
      `expected ${bytes} bytes at ${rate} bytes per second to arrive between ${(earliestMs / 1000).toFixed(1)} s ` +
        `and ${(latestMs / 1000).toFixed(1)} s after the first was sent, ` +
        `the last came after ${(spreadMs / 1000).toFixed(2)} s`,
    );
  },
);

// Steps about sessions: MQTT 5 Clean Start and Session Expiry Interval, stored messages arriving
// after CONNACK, and time spent offline, counted from the disconnection.
import type { Packet } from "mqtt-packet";
import { isPublishOn } from "../support/driver/predicates.ts";
import { check, checkConnackAccepted } from "../support/harness/assertions.ts";
import { waitUntil } from "../support/harness/clock.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { expiryWindow } from "../support/harness/timing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When(
  "{string} connects with MQTT 5, Clean Start {int} and Session Expiry Interval {int}",
  async function (this: ConformanceWorld, name: string, cleanStart: number, sessionExpiryInterval: number) {
    checkConnackAccepted(
      await this.connect(name, 5, { clean: cleanStart === 1, properties: { sessionExpiryInterval } }),
      this.client(name),
    );
  },
);

When(
  "{string} connects with MQTT 5, Clean Start {int} and a short Session Expiry Interval",
  async function (this: ConformanceWorld, name: string, cleanStart: number) {
    const sessionExpiryInterval = this.shortExpiry;
    checkConnackAccepted(
      await this.connect(name, 5, { clean: cleanStart === 1, properties: { sessionExpiryInterval } }),
      this.client(name),
    );
  },
);

/** When the client's connection ended: expiries count from there. */
function disconnectedAt(world: ConformanceWorld, name: string): number {
  const closed = world.client(name).closed;
  if (!closed) throw new Error(`"${name}" is still connected: it has to disconnect before it can stay offline`);
  return closed.at;
}

/** The interval a step names, in seconds: the shortest the broker honours, or its MQTT 3.1.1 session expiry. */
function seconds(world: ConformanceWorld, interval: "short" | "mqtt3-session"): number {
  return interval === "short" ? world.shortExpiry : world.requireLimit("mqtt3SessionExpirySeconds");
}

When(
  "{string} stays offline past {interval}",
  async function (this: ConformanceWorld, name: string, interval: "short" | "mqtt3-session") {
    await waitUntil(
      disconnectedAt(this, name) + expiryWindow(this.target.descriptor, seconds(this, interval)).latestMs,
    );
  },
);

When("{string} has waited out the broker's CONNECT rate", async function (this: ConformanceWorld, name: string) {
  await this.waitOutConnectRate(name);
});

When(
  "{string} stays offline for half {interval}",
  async function (this: ConformanceWorld, name: string, interval: "short" | "mqtt3-session") {
    const due = seconds(this, interval);
    // not applicable when the broker's interval is longer than a scenario waits
    expiryWindow(this.target.descriptor, due);
    await waitUntil(disconnectedAt(this, name) + (due * 1000) / 2);
  },
);

Then(
  "{string} receives {string} on {string} after its CONNACK",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    const client = this.client(name);
    const stored = await client.waitFor(
      `PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`,
      isPublishOn(this.topic(topic), payload),
      this.deliveryTimeoutMs,
    );
    const positionOf = (wanted: Packet) => client.packets.findIndex((raw) => raw.packet === wanted);
    const connackPosition = client.packets.findIndex((raw) => raw.packet.cmd === "connack");
    check(
      connackPosition >= 0 && connackPosition < positionOf(stored),
      client,
      `expected ${JSON.stringify(payload)} after the CONNACK`,
    );
  },
);

// Steps of the device-monitoring walk-through [MON-01..06]: the notification sink a rule calls,
// the broker running the walk-through's rule, and what reaches the monitors and the sink.
import type { DataTable } from "@cucumber/cucumber";
import type { IPublishPacket, Packet } from "mqtt-packet";
import { check } from "../support/harness/assertions.ts";
import { waitQuietPeriod } from "../support/harness/clock.ts";
import { Given, Then } from "../support/harness/define-steps.ts";
import { sentWill } from "../support/harness/will-fields.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";
import { NotificationSink } from "../support/monitoring/notification-sink.ts";

const sinks = new WeakMap<ConformanceWorld, NotificationSink>();

function sinkOf(world: ConformanceWorld): NotificationSink {
  const sink = sinks.get(world);
  if (!sink) throw new Error("no notification sink was started in this scenario");
  return sink;
}

function willPayloadOf(world: ConformanceWorld, name: string): Buffer {
  const will = sentWill(world.client(name).log);
  if (!will) throw new Error(`"${name}" connected without a Will`);
  return Buffer.isBuffer(will.payload) ? will.payload : Buffer.from(will.payload);
}

Given("a notification sink is listening on 127.0.0.1", async function (this: ConformanceWorld) {
  const sink = await NotificationSink.start();
  sinks.set(this, sink);
  this.deferCleanup(() => sink.stop());
});

Given(
  "the broker under test runs the rule {string}, republishing to {string} and notifying the sink:",
  async function (this: ConformanceWorld, name: string, republishTopic: string, sql: string) {
    const rule = {
      name,
      sql,
      actions: [{ republish: { topic: republishTopic, qos: 0 as const } }, { http: { url: sinkOf(this).url } }],
    };
    // the rule names topics, so they are used as written: the broker is the scenario's own
    await this.configureBroker({ rules: [rule] }, { namesAsWritten: true });
  },
);

Then(
  "{string} receives the Will of {string} republished on {string}",
  async function (this: ConformanceWorld, name: string, device: string, topic: string) {
    const payload = willPayloadOf(this, device);
    const republished = (packet: Packet): packet is IPublishPacket =>
      packet.cmd === "publish" && packet.topic === this.topic(topic) && Buffer.from(packet.payload).equals(payload);
    await this.client(name).waitFor(
      `the Will of "${device}" republished on ${JSON.stringify(topic)}`,
      republished,
      this.deliveryTimeoutMs,
    );
  },
);

Then(
  "the notification sink records exactly one notification, carrying the Will of {string}",
  async function (this: ConformanceWorld, device: string) {
    const sink = sinkOf(this);
    const arrived = await sink.waitForCount(1, this.deliveryTimeoutMs);
    check(arrived, this.client(device), `expected one notification within ${this.deliveryTimeoutMs} ms, got none`);
    await waitQuietPeriod(this.quietPeriodMs); // no second notification
    check(
      sink.notifications.length === 1,
      this.client(device),
      `expected exactly one notification, got ${sink.notifications.length}:\n    ${sink.describe()}`,
    );
    const [notification] = sink.notifications;
    check(
      notification.method === "POST" && notification.body.equals(willPayloadOf(this, device)),
      this.client(device),
      `expected a POST carrying the Will, got ${sink.describe()}`,
    );
  },
);

Then(
  "nothing reaches {string} on these topics, nor the notification sink:",
  async function (this: ConformanceWorld, name: string, table: DataTable) {
    const topics = new Set(table.raw().map(([topic]) => this.topic(topic)));
    const onTopics = (packet: Packet) => packet.cmd === "publish" && topics.has(packet.topic);
    // one quiet period for the monitor and the sink together
    for (const topic of topics) this.grants.requireFor(name, topic, this.namespace);
    await this.client(name).expectNothing(`PUBLISH on ${[...topics].join(" or ")}`, onTopics, this.quietPeriodMs);
    const sink = sinkOf(this);
    check(
      sink.notifications.length === 0,
      this.client(name),
      `expected no notification, got:\n    ${sink.describe()}`,
    );
  },
);

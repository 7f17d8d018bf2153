// Steps about Last Will and Testament: connecting with a Will (its QoS, retain flag, properties,
// delay, expiry), and the Will as subscribers receive it: its bytes, its properties, its timing.
import type { IPublishPacket, Packet } from "mqtt-packet";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { describePacket } from "../support/driver/describe.ts";
import { check } from "../support/harness/assertions.ts";
import { connectAccepted, connectMaybeRefused } from "../support/harness/connecting.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { describeWindow, expiryWindow } from "../support/harness/timing.ts";
import { sentWill, willFields, willPropertyDifferences } from "../support/harness/will-fields.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** The Will the named client sent, and how to recognise it on arrival: its topic and bytes. */
function willOf(world: ConformanceWorld, name: string) {
  const will = sentWill(world.client(name).log);
  if (!will) throw new Error(`"${name}" connected without a Will`);
  const payload = Buffer.isBuffer(will.payload) ? will.payload : Buffer.from(will.payload);
  const matches = (packet: Packet): packet is IPublishPacket =>
    packet.cmd === "publish" && packet.topic === will.topic && Buffer.from(packet.payload).equals(payload);
  return {
    will,
    matches,
    description: `the Will of "${name}" (${payload.length} bytes) on ${JSON.stringify(will.topic)}`,
  };
}

Given(
  "client {string} is connected with MQTT {mqtt} and a Will of {string} on {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, payload: string, topic: string) {
    await connectAccepted(this, name, version, willFields(this.topic(topic), payload));
  },
);

Given(
  "client {string} is connected with MQTT {mqtt}, {keepAlive} and this Will on {string} at QoS {int}:",
  async function (
    this: ConformanceWorld,
    name: string,
    version: ProtocolVersion,
    keepAlive: number | "short",
    topic: string,
    qos: number,
    payload: string,
  ) {
    const keepalive = keepAlive === "short" ? this.shortKeepAlive : keepAlive;
    await connectAccepted(this, name, version, {
      keepalive,
      ...willFields(this.topic(topic), payload, { qos: qos === 1 ? 1 : 0 }),
    });
  },
);

When(
  "client {string} connects with MQTT {mqtt} and a Will at QoS {int}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, qos: number) {
    await connectMaybeRefused(
      this,
      name,
      version,
      willFields(this.topic("devices/status"), "gone", { qos: qos as 0 | 1 | 2 }),
    );
  },
);

When(
  "client {string} connects with MQTT {mqtt} and a Will on {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, topic: string) {
    await connectMaybeRefused(this, name, version, willFields(this.topic(topic), "gone"));
  },
);

Then("{string} receives the Will of {string}", async function (this: ConformanceWorld, name: string, device: string) {
  const { matches, description } = willOf(this, device);
  await this.client(name).waitFor(description, matches, this.deliveryTimeoutMs);
});

Then(
  "{string} receives the Will of {string} {willManner}",
  async function (
    this: ConformanceWorld,
    name: string,
    device: string,
    manner: "with-properties" | "after-delay" | "at-session-end",
  ) {
    if (manner === "after-delay") return receiveAfterWillDelay(this, name, device, "willDelayInterval");
    if (manner === "at-session-end") return receiveAfterWillDelay(this, name, device, "sessionExpiryInterval");
    const { will, matches, description } = willOf(this, device);
    const client = this.client(name);
    const received = await client.waitFor(description, matches, this.deliveryTimeoutMs);
    const differences = willPropertyDifferences(will.properties ?? {}, received.properties);
    check(
      differences.length === 0,
      client,
      `expected the Will Properties on the published Will, got ${describePacket(received)}: ${differences.join("; ")}`,
    );
  },
);

/**
 * [LWT-11] [MQTT5-3.1.2-8] the Will comes its Will Delay Interval after the drop, or when the
 * session ends if that is sooner: not before, not much after.
 */
async function receiveAfterWillDelay(
  world: ConformanceWorld,
  name: string,
  device: string,
  interval: "willDelayInterval" | "sessionExpiryInterval",
): Promise<void> {
  const { will, matches, description } = willOf(world, device);
  const client = world.client(name);
  const droppedAt = world.client(device).closed?.at;
  if (droppedAt === undefined) throw new Error(`"${device}" has not dropped its connection`);
  const connect = world
    .client(device)
    .log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect")?.packet;
  const seconds =
    interval === "willDelayInterval"
      ? (will.properties?.willDelayInterval ?? 0)
      : connect?.cmd === "connect"
        ? (connect.properties?.sessionExpiryInterval ?? 0)
        : 0;
  const window = expiryWindow(world.target.descriptor, seconds);
  await client.waitFor(description, matches, Math.max(0, droppedAt + window.latestMs - Date.now()));
  const arrival = client.packets.find((raw) => matches(raw.packet));
  const delayMs = (arrival?.entry.at ?? 0) - droppedAt;
  check(
    delayMs >= window.earliestMs,
    client,
    `expected ${description} ${describeWindow(window)} after the drop, got it after ${(delayMs / 1000).toFixed(2)} s`,
  );
}

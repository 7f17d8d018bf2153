// Steps about how the broker's packets look on the wire: the format rules every packet keeps (the
// driver checks them on everything it receives; a step names the rule's statement in front), and
// the packet identifiers of the broker's own QoS 1 deliveries.
import type { IPublishPacket, Packet } from "mqtt-packet";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { isConnack, isPublish, payloadText } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { waitQuietPeriod } from "../support/harness/clock.ts";
import { Then } from "../support/harness/define-steps.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** `Then [MQTT-2.2.2-1] the packets "device" received keep that rule`: none broke the statement in front. */
Then("the packets {clients} received keep that rule", function (this: ConformanceWorld, names: string[]) {
  // the rule is the statement named in front of the step, or the scenario's only one
  const requirement =
    this.currentRequirement ?? (this.tags.requirements.length === 1 ? this.tags.requirements[0] : undefined);
  if (!requirement)
    throw new Error(
      'this step names the rule in front of it: Then [MQTT-2.2.2-1] the packets "x" received keep that rule',
    );
  for (const name of names) {
    const client = this.client(name);
    const breach = client.breaches.find((found) => found.requirement === requirement);
    check(breach === undefined, client, breach?.description ?? "");
  }
});

/**
 * [MQTT-2.3.1-4] [MQTT5-2.2.1-4] deliveries awaiting their PUBACK (PUBREC) each have an identifier
 * of their own, never 0.
 */
Then(
  "the QoS {int} PUBLISHes {string} received carry different packet identifiers, none of them 0",
  function (this: ConformanceWorld, qos: number, name: string) {
    const client = this.client(name);
    const identifiers = client
      .matching(isPublish)
      .filter((publish) => publish.qos === qos)
      .map((publish) => publish.messageId ?? 0);
    if (identifiers.length < 2) {
      // a broker may keep one delivery in flight at a time: then no two identifiers are in use together
      check(identifiers.length === 1, client, `expected QoS ${qos} deliveries, got none`);
      const judged = "a broker that sends several before their acknowledgements is judged on this";
      throw new NotApplicable(
        `${this.target.descriptor.name} kept one QoS ${qos} delivery in flight at a time, ` +
          `so identifiers in use together cannot be compared; ${judged}`,
      );
    }
    check(
      !identifiers.includes(0) && new Set(identifiers).size === identifiers.length,
      client,
      `expected different non-zero packet identifiers, got ${identifiers.join(", ")}`,
    );
  },
);

/** [MQTT-2.3.1-4] [MQTT-4.4.0-1] a delivery sent again after a reconnect keeps the identifier it first had. */
Then(
  "{string} received each unacknowledged message again with the packet identifier it had before",
  function (this: ConformanceWorld, name: string) {
    const client = this.client(name);
    const earlier = this.previousClients
      .filter((previous) => previous.name === name)
      .flatMap((previous) => previous.matching(isPublish))
      .filter((publish) => publish.qos > 0);
    check(earlier.length > 0, client, "expected QoS 1 deliveries on an earlier connection");
    const again = (first: IPublishPacket) =>
      client
        .matching(isPublish)
        .find((publish) => payloadText(publish) === payloadText(first) && publish.topic === first.topic);
    const changed = earlier.filter((first) => again(first)?.messageId !== first.messageId);
    const change = (first: IPublishPacket) =>
      `${JSON.stringify(payloadText(first))}: ${first.messageId} → ${again(first)?.messageId ?? "not sent again"}`;
    check(
      changed.length === 0,
      client,
      `expected each message again with its identifier, got ${changed.map(change).join("; ")}`,
    );
  },
);

/** The packets of the given types a client received, with their size on the wire. */
function receivedOf(world: ConformanceWorld, name: string, types: readonly string[]) {
  return world.client(name).packets.filter((raw) => types.includes(raw.packet.cmd));
}

/** The Maximum Packet Size the client sent in its CONNECT. */
function announcedMaximumPacketSize(world: ConformanceWorld, name: string): number {
  const connect = world
    .client(name)
    .log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect")?.packet;
  const maximum = connect?.cmd === "connect" ? connect.properties?.maximumPacketSize : undefined;
  if (maximum === undefined) throw new Error(`"${name}" announced no Maximum Packet Size in its CONNECT`);
  return maximum;
}

/**
 * [MQTT5-3.2.2-19] [MQTT5-3.4.2-2] … every packet of these types fits the client's Maximum Packet
 * Size: a Reason String or User Property that would not fit is left out. Passes when none came.
 */
Then(
  "every {packets} {string} received fits within the Maximum Packet Size it announced",
  async function (this: ConformanceWorld, types: string[], name: string) {
    const maximum = announcedMaximumPacketSize(this, name);
    await waitQuietPeriod(this.quietPeriodMs);
    const over = receivedOf(this, name, types).filter((raw) => raw.bytes.length > maximum);
    check(
      over.length === 0,
      this.client(name),
      `expected no ${types.map((type) => type.toUpperCase()).join(" or ")} larger than ${maximum} bytes, ` +
        `got ${over.map((raw) => `${describePacket(raw.packet)} (${raw.bytes.length} bytes)`).join("; ")}`,
    );
  },
);

/**
 * Every packet of these types the client received has one of the reason codes; passes when none
 * came (a CONNACK is optional before a close).
 */
Then(
  "every {packets} {string} received has reason code {codes}",
  function (this: ConformanceWorld, types: string[], name: string, codes: number[]) {
    const wrong = receivedOf(this, name, types).filter(
      (raw) => !codes.includes((raw.packet as { reasonCode?: number }).reasonCode ?? 0),
    );
    check(
      wrong.length === 0,
      this.client(name),
      `expected reason code ${codes.map(hexCode).join(" or ")}, ` +
        `got ${wrong.map((raw) => describePacket(raw.packet)).join("; ")}`,
    );
  },
);

/** [MQTT5-3.1.2-29] after Request Problem Information 0, no Reason String or User Property on these packets. */
Then(
  "every {packets} {string} received carries no Reason String or User Property",
  async function (this: ConformanceWorld, types: string[], name: string) {
    await waitQuietPeriod(this.quietPeriodMs);
    const received = receivedOf(this, name, types);
    check(
      received.length > 0,
      this.client(name),
      `expected a ${types.map((type) => type.toUpperCase()).join(", ")} to look at, got none`,
    );
    const carrying = received.filter((raw) => {
      const properties = (raw.packet as { properties?: { reasonString?: string; userProperties?: object } })
        .properties;
      return properties?.reasonString !== undefined || properties?.userProperties !== undefined;
    });
    const carried = carrying.map((raw) => describePacket(raw.packet)).join("; ");
    check(carrying.length === 0, this.client(name), `expected no Reason String or User Property, got ${carried}`);
  },
);

/** [MQTT5-3.2.2-7] [MQTT5-4.13.2-1] a CONNACK or DISCONNECT of 0x80 or above is the last thing before the close. */
Then(
  "every CONNACK or DISCONNECT {clients} received with a code of 0x80 or above was followed by the close",
  async function (this: ConformanceWorld, names: string[]) {
    for (const name of names) {
      const client = this.client(name);
      const packets = client.packets.map((raw) => raw.packet);
      const refusal = packets.findIndex(
        (packet: Packet) =>
          (packet.cmd === "connack" || packet.cmd === "disconnect") && (packet.reasonCode ?? 0) >= 0x80,
      );
      if (refusal < 0) continue;
      client.allowClose();
      await client.waitForClose(this.deliveryTimeoutMs);
      check(
        refusal === packets.length - 1,
        client,
        `expected the close right after ${describePacket(packets[refusal])}, got ${packets
          .slice(refusal + 1)
          .map(describePacket)
          .join("; ")} first`,
      );
    }
  },
);

/** [MQTT5-3.2.0-2] one CONNACK per connection at most. */
Then("{string} receives no second CONNACK", async function (this: ConformanceWorld, name: string) {
  await waitQuietPeriod(this.quietPeriodMs);
  const connacks = this.client(name).matching(isConnack);
  check(
    connacks.length <= 1,
    this.client(name),
    `expected one CONNACK, got ${connacks.length}: ${connacks.map(describePacket).join("; ")}`,
  );
});

// Steps about the QoS 2 flow towards a subscriber: withholding PUBREC and PUBCOMP, giving them by
// hand, the PUBRELs the broker owes, and what the subscriber's application got: a QoS 2 message
// counts once per packet identifier, so a copy under a new identifier is a duplicate delivery.
import type { IPublishPacket, IPubrelPacket } from "mqtt-packet";
import type { MqttTestClient } from "../support/driver/client.ts";
import { isPublishOn } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { pollUntil } from "../support/harness/polling.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** Every connection a named client had in the scenario, the current one last. */
function connectionsOf(world: ConformanceWorld, name: string): MqttTestClient[] {
  return [...world.previousClients.filter((client) => client.name === name), world.client(name)];
}

function sentIdentifiers(clients: readonly MqttTestClient[], cmd: "pubrec" | "pubcomp"): Set<number> {
  return new Set(
    clients
      .flatMap((client) => client.log.entries)
      .flatMap((entry) =>
        entry.direction === "sent" && entry.packet?.cmd === cmd && entry.packet.messageId !== undefined
          ? [entry.packet.messageId]
          : [],
      ),
  );
}

Given("{string} withholds its QoS 2 answers", function (this: ConformanceWorld, name: string) {
  this.client(name).autoAnswerQos2 = false;
});

When("{string} answers each QoS 2 PUBLISH it received with PUBREC", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  for (const publish of client.matching(
    (packet): packet is IPublishPacket => packet.cmd === "publish" && packet.qos === 2,
  ))
    client.answerQos2("pubrec", publish.messageId!);
});

When("{string} answers each PUBREL with PUBCOMP", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  for (const pubrel of client.claimAll((packet): packet is IPubrelPacket => packet.cmd === "pubrel"))
    client.answerQos2("pubcomp", pubrel.messageId!);
});

/**
 * [MQTT-4.3.3-1] [MQTT-4.4.0-1] each PUBREC the client sent (on this connection or an earlier one)
 * is followed by a PUBREL with its identifier.
 */
Then("{string} receives a PUBREL for each PUBREC it sent", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const owed = [...sentIdentifiers(connectionsOf(this, name), "pubrec")].filter(
    (id) => !sentIdentifiers(connectionsOf(this, name), "pubcomp").has(id),
  );
  check(owed.length > 0, client, "expected PUBRECs to have been sent");
  const received = () =>
    new Set(client.packets.flatMap((raw) => (raw.packet.cmd === "pubrel" ? [raw.packet.messageId] : [])));
  await pollUntil(
    `a PUBREL for each of the identifiers ${owed.join(", ")}`,
    () => owed.every((id) => received().has(id)),
    [client],
    this.deliveryTimeoutMs,
  );
});

/** [MQTT-4.3.3-1] exactly once: every copy of the message the client got carries the one packet identifier. */
Then(
  "the application of {string} got {string} on {string} exactly once",
  function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    const copies = connectionsOf(this, name).flatMap((client) =>
      client.matching(isPublishOn(this.topic(topic), payload)),
    );
    const identifiers = new Set(copies.map((publish) => publish.messageId));
    check(
      copies.length > 0 && identifiers.size === 1,
      this.client(name),
      `expected ${JSON.stringify(payload)} as one message (one packet identifier), ` +
        `got ${copies.length} copies under identifiers ${[...identifiers].join(", ")}`,
    );
  },
);

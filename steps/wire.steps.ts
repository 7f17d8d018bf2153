// Steps about how the broker's packets look on the wire: the format rules every packet keeps (the
// driver checks them on everything it receives; a step names the rule's statement in front), and
// the packet identifiers of the broker's own QoS 1 deliveries.
import type { IPublishPacket } from "mqtt-packet";
import { isPublish, payloadText } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { Then } from "../support/harness/define-steps.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** `Then [MQTT-2.2.2-1] the packets "device" received keep that rule`: none broke the statement in front. */
Then("the packets {clients} received keep that rule", function (this: ConformanceWorld, names: string[]) {
  // the rule is the statement named in front of the step, or the scenario's only one
  const requirement = this.currentRequirement ?? (this.tags.requirements.length === 1 ? this.tags.requirements[0] : undefined);
  if (!requirement) throw new Error('this step names the rule in front of it: Then [MQTT-2.2.2-1] the packets "x" received keep that rule');
  for (const name of names) {
    const client = this.client(name);
    const breach = client.breaches.find((found) => found.requirement === requirement);
    check(breach === undefined, client, breach?.description ?? "");
  }
});

/** [MQTT-2.3.1-4] [MQTT5-2.2.1-4] deliveries awaiting their PUBACK each have an identifier of their own, never 0. */
Then("the QoS 1 PUBLISHes {string} received carry different packet identifiers, none of them 0", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const identifiers = client.matching(isPublish).filter((publish) => publish.qos > 0).map((publish) => publish.messageId ?? 0);
  check(identifiers.length > 1, client, `expected several QoS 1 deliveries, got ${identifiers.length}`);
  check(!identifiers.includes(0) && new Set(identifiers).size === identifiers.length, client, `expected different non-zero packet identifiers, got ${identifiers.join(", ")}`);
});

/** [MQTT-2.3.1-4] [MQTT-4.4.0-1] a delivery sent again after a reconnect keeps the identifier it first had. */
Then("{string} received each unacknowledged message again with the packet identifier it had before", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const earlier = this.previousClients.filter((previous) => previous.name === name).flatMap((previous) => previous.matching(isPublish)).filter((publish) => publish.qos > 0);
  check(earlier.length > 0, client, "expected QoS 1 deliveries on an earlier connection");
  const again = (first: IPublishPacket) => client.matching(isPublish).find((publish) => payloadText(publish) === payloadText(first) && publish.topic === first.topic);
  const changed = earlier.filter((first) => again(first)?.messageId !== first.messageId);
  check(changed.length === 0, client, `expected each message again with its identifier, got ${changed.map((first) => `${JSON.stringify(payloadText(first))}: ${first.messageId} → ${again(first)?.messageId ?? "not sent again"}`).join("; ")}`);
});

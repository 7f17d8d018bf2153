// Steps about what a client receives: messages by topic and payload, their QoS and flags,
// acknowledgements, and the absence of any of these within the quiet period.
import { Given, Then, type DataTable } from "@cucumber/cucumber";
import type { IPublishPacket, Packet } from "mqtt-packet";
import { isPubackFor, isPublish, isPublishOn, payloadText } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { notApplicable } from "../support/harness/not-applicable.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

async function receive(world: ConformanceWorld, name: string, topic: string, payload?: string): Promise<IPublishPacket> {
  const what = payload === undefined ? `a PUBLISH on ${JSON.stringify(topic)}` : `PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`;
  return world.client(name).waitFor(what, isPublishOn(topic, payload), world.deliveryTimeoutMs);
}

async function receiveNothingOn(world: ConformanceWorld, name: string, topic: string): Promise<void> {
  await world.client(name).expectNone(`PUBLISH on ${JSON.stringify(topic)}`, isPublishOn(topic), world.quietPeriodMs);
}

Then("{string} receives {string} on {string}", async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await receive(this, name, this.topic(topic), payload);
});

Then("{string} receives {string} on {string} at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  const publish = await receive(this, name, this.topic(topic), payload);
  check(publish.qos === qos, this.client(name), `expected ${JSON.stringify(payload)} at QoS ${qos}, got it at QoS ${publish.qos}`);
});

Then(
  "{string} receives {string} on {string}, unless the broker delivers no message on a topic beginning with \"$\"",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    const client = this.client(name);
    const delivered = await receive(this, name, this.topic(topic), payload).then(
      () => true,
      (error: Error) => {
        if (client.closed) throw error;
        return false;
      },
    );
    if (delivered) return undefined;
    // OASIS 4.7.2: a broker SHOULD keep clients from exchanging messages on topics beginning with "$"
    return notApplicable(this, `${this.target.descriptor.name} delivered no PUBLISH on ${JSON.stringify(this.topic(topic))}, not even to a subscription naming that topic: whether a wildcard filter matches a topic beginning with "$" cannot be observed`);
  },
);

Then("{string} receives {string} on that topic", async function (this: ConformanceWorld, name: string, payload: string) {
  await receive(this, name, this.lastTopic, payload);
});

Then("{string} receives a message on each of these topics:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await Promise.all(table.raw().map(([topic]) => receive(this, name, this.topic(topic))));
});

Then("{string} receives nothing on {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  await receiveNothingOn(this, name, this.topic(topic));
});

Then("{string} receives nothing on any of these topics:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  // one quiet period for every topic at once
  const topics = new Set(table.raw().map(([topic]) => this.topic(topic)));
  await this.client(name).expectNone(`PUBLISH on ${[...topics].map((topic) => JSON.stringify(topic)).join(" or ")}`, (packet) => packet.cmd === "publish" && topics.has(packet.topic), this.quietPeriodMs);
});

Then("{string} and {string} receive nothing on {string}", async function (this: ConformanceWorld, first: string, second: string, topic: string) {
  // one quiet period for both clients
  await Promise.all([receiveNothingOn(this, first, this.topic(topic)), receiveNothingOn(this, second, this.topic(topic))]);
});

Then("{string} receives nothing on that topic", async function (this: ConformanceWorld, name: string) {
  await receiveNothingOn(this, name, this.lastTopic);
});

Then("{string} receives no PUBACK", async function (this: ConformanceWorld, name: string) {
  await this.client(name).expectNone("PUBACK", (packet: Packet) => packet.cmd === "puback", this.quietPeriodMs);
});

Then("{string} receives no PUBREC or PUBACK", async function (this: ConformanceWorld, name: string) {
  await this.client(name).expectNone("PUBREC or PUBACK", (packet: Packet) => packet.cmd === "pubrec" || packet.cmd === "puback", this.quietPeriodMs);
});

Then("the broker never answers {string} with PUBREC, PUBREL, PUBCOMP or AUTH", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.closeExpected = true; // closing the connection is an allowed answer [QOS-06]
  const inKind = new Set(["pubrec", "pubrel", "pubcomp", "auth"]);
  await client.expectNone("PUBREC, PUBREL, PUBCOMP or AUTH", (packet: Packet) => inKind.has(packet.cmd), this.quietPeriodMs);
});

Then("{string} receives a PUBACK with packet identifier {int}", async function (this: ConformanceWorld, name: string, messageId: number) {
  await this.client(name).waitFor(`PUBACK with packet identifier ${messageId}`, isPubackFor(messageId), this.deliveryTimeoutMs);
});

Given("{string} withholds its PUBACKs", function (this: ConformanceWorld, name: string) {
  this.client(name).autoAcknowledge = false;
});

Then("every PUBLISH {string} received has DUP {int}", function (this: ConformanceWorld, name: string, dup: number) {
  const client = this.client(name);
  const flagged = client.matching(isPublish).filter((publish) => (publish.dup ? 1 : 0) !== dup);
  check(flagged.length === 0, client, `expected DUP=${dup} on every PUBLISH, got DUP=${1 - dup} on ${flagged.map((publish) => JSON.stringify(payloadText(publish))).join(", ")}`);
});

Then("{names} receive nothing else on {string}", async function (this: ConformanceWorld, names: string[], topic: string) {
  await Promise.all(names.map((name) => receiveNothingOn(this, name, this.topic(topic))));
});

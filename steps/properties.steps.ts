// Steps about MQTT 5 properties: what CONNECT asks for and CONNACK announces, properties a
// PUBLISH carries and how they arrive (unchanged, expiry counted down, user properties in order),
// topic aliases, packet sizes, assigned client identifiers and Receive Maximum.
import { Given, Then, When, type DataTable } from "@cucumber/cucumber";
import { generate, type IConnackPacket, type IConnectPacket, type IPublishPacket, type QoS } from "mqtt-packet";
import { appendUserProperties, publishUserProperties, type UserPropertyPair } from "../brokers/reference/src/properties/user-property-order.ts";
import { describePacket } from "../support/driver/describe.ts";
import { isPublish, isPublishOn } from "../support/driver/predicates.ts";
import { check, checkConnackAccepted } from "../support/harness/assertions.ts";
import { peakUnacknowledged } from "../support/harness/in-flight.ts";
import { numbersReceived } from "../support/harness/numbered-messages.ts";
import { propertiesFrom, splitPair, unmetExpectations } from "../support/harness/properties.ts";
import { confirmPuback, publishConfirmed, sendPublish } from "../support/harness/publishing.ts";
import { subscribe, unsubscribe } from "../support/harness/subscribing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

type ConnectProperties = NonNullable<IConnectPacket["properties"]>;
type PublishProperties = NonNullable<IPublishPacket["properties"]>;

function userProperty(text: string): Record<string, string> {
  const [name, value] = splitPair(text);
  return { [name]: value };
}

function pairsOf(table: DataTable): UserPropertyPair[] {
  return table.raw().map(([name, value]) => [name, value] as const);
}

function shownPairs(pairs: readonly UserPropertyPair[]): string {
  return pairs.map(([name, value]) => `${name}=${value}`).join(", ") || "none";
}

Given("client {string} is connected with MQTT 5 and these CONNECT properties:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  const properties = propertiesFrom<ConnectProperties>(this, table.raw());
  checkConnackAccepted(await this.connect(name, 5, { properties }), this.client(name));
});

When("client {string} connects with MQTT 5 and keep-alive {int}", async function (this: ConformanceWorld, name: string, keepalive: number) {
  checkConnackAccepted(await this.connect(name, 5, { keepalive }), this.client(name));
});

Given(
  "client {string} is connected with MQTT 5, the user property {string} on its CONNECT, and a Will on {string} with the user property {string}",
  async function (this: ConformanceWorld, name: string, connectProperty: string, willTopic: string, willProperty: string) {
    const will = { topic: this.topic(willTopic), payload: Buffer.from(`${name} is gone`), qos: 0 as const, retain: false, properties: { userProperties: userProperty(willProperty) } };
    const connack = await this.connect(name, 5, { will, properties: { userProperties: userProperty(connectProperty) } });
    checkConnackAccepted(connack, this.client(name));
  },
);

When("{names} connect with MQTT 5 and an empty client identifier", async function (this: ConformanceWorld, names: string[]) {
  await Promise.all(names.map((name) => this.connect(name, 5, { clientId: "" })));
});

Then("the CONNACKs to {names} each assign a different client identifier", function (this: ConformanceWorld, names: string[]) {
  const assigned = names.map((name) => {
    const connack: IConnackPacket = this.connack(name);
    checkConnackAccepted(connack, this.client(name));
    const identifier = connack.properties?.assignedClientIdentifier;
    check(typeof identifier === "string" && identifier.length > 0, this.client(name), `expected an Assigned Client Identifier in ${describePacket(connack)}`);
    return identifier;
  });
  check(new Set(assigned).size === names.length, this.client(names[0]), `expected ${names.length} different identifiers, got ${assigned.join(", ")}`);
});

Then("the CONNACK to {string} has these properties:", function (this: ConformanceWorld, name: string, table: DataTable) {
  const connack = this.connack(name);
  const unmet = unmetExpectations(this, connack.properties, table.raw());
  check(unmet.length === 0, this.client(name), `expected CONNACK properties:\n    ${unmet.join("\n    ")}\n  in ${describePacket(connack)}`);
});

When(
  "{string} publishes {string} to {string} at QoS {int} with these properties:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, table: DataTable) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, { properties: propertiesFrom<PublishProperties>(this, table.raw()) });
  },
);

Then(
  "{string} receives {string} on {string} with these properties:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const client = this.client(name);
    const received = await client.waitFor(`PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(this.topic(topic))}`, isPublishOn(this.topic(topic), payload), this.deliveryTimeoutMs);
    const unmet = unmetExpectations(this, received.properties, table.raw());
    check(unmet.length === 0, client, `expected PUBLISH properties:\n    ${unmet.join("\n    ")}\n  in ${describePacket(received)}`);
  },
);

When(
  "{string} publishes {string} to {string} at QoS 1 with these user properties in this order:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const client = this.client(name);
    const messageId = client.allocatePacketId();
    // mqtt-packet writes user properties grouped by name, so the pairs are appended in order by hand
    const plain = generate({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, messageId, retain: false, dup: false, properties: {} }, { protocolVersion: 5 });
    const pairs = pairsOf(table);
    client.sendRaw(appendUserProperties(plain, pairs), `PUBLISH id=${messageId} with user properties ${shownPairs(pairs)} in this order`);
    await confirmPuback(this, client, messageId, this.topic(topic));
  },
);

Then(
  "{string} receives {string} on {string} with these user properties in this order:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const client = this.client(name);
    const predicate = isPublishOn(this.topic(topic), payload);
    await client.waitFor(`PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(this.topic(topic))}`, predicate, this.deliveryTimeoutMs);
    const raw = client.packets.find((received) => predicate(received.packet))!;
    const expected = pairsOf(table);
    const actual = publishUserProperties(raw.bytes);
    check(JSON.stringify(actual) === JSON.stringify(expected), client, `expected user properties ${shownPairs(expected)} in this order, got ${shownPairs(actual)}`);
  },
);

When(
  "{string} sends a PUBLISH of {string} to {string} with the Response Topic {string}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, responseTopic: string) {
    sendPublish(this.client(name), this.topic(topic), payload, 0, { properties: { responseTopic: this.topic(responseTopic) } });
  },
);

When(
  "{string} publishes {string} to {string} at QoS {int} setting topic alias {int}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, alias: number) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, { properties: { topicAlias: alias } });
  },
);

When("{string} publishes {string} at QoS {int} with only topic alias {int}", async function (this: ConformanceWorld, name: string, payload: string, qos: number, alias: number) {
  await publishConfirmed(this, name, "", payload, qos, { properties: { topicAlias: alias } });
});

When("{string} sends a PUBLISH of {string} to {string} with topic alias {int}", function (this: ConformanceWorld, name: string, payload: string, topic: string, alias: number) {
  sendPublish(this.client(name), this.topic(topic), payload, 0, { properties: { topicAlias: alias } });
});

When(
  "{string} sends a PUBLISH of {string} to {string} with a topic alias one above the maximum of its CONNACK",
  function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    // an absent Topic Alias Maximum is 0: then no alias at all is allowed [MQTT-3.2.2-18]
    const maximum = this.connack(name).properties?.topicAliasMaximum ?? 0;
    sendPublish(this.client(name), this.topic(topic), payload, 0, { properties: { topicAlias: maximum + 1 } });
  },
);

When("{string} publishes a message of {int} bytes to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, bytes: number, topic: string, qos: number) {
  await publishConfirmed(this, name, this.topic(topic), Buffer.alloc(bytes, "x"), qos);
});

When("{string} sends a PUBLISH packet of {int} bytes to {string}", function (this: ConformanceWorld, name: string, bytes: number, topic: string) {
  const client = this.client(name);
  const publishOf = (payloadBytes: number): Buffer =>
    generate({ cmd: "publish", topic: this.topic(topic), payload: Buffer.alloc(payloadBytes, "x"), qos: 0, retain: false, dup: false }, { protocolVersion: client.protocolVersion });
  // the header grows with the Remaining Length, so the payload is sized, measured and sized again
  const firstTry = publishOf(bytes);
  const packet = publishOf(bytes - (firstTry.length - bytes));
  if (packet.length !== bytes) throw new Error(`could not build a PUBLISH of exactly ${bytes} bytes (got ${packet.length})`);
  client.sendRaw(packet, `PUBLISH of ${packet.length} bytes`);
});

When("{string} subscribes to {string} at QoS {int} with the user property {string}", async function (this: ConformanceWorld, name: string, filter: string, qos: number, property: string) {
  await subscribe(this, name, this.topic(filter), qos, { userProperties: userProperty(property) });
});

When("{string} unsubscribes from {string} with the user property {string}", async function (this: ConformanceWorld, name: string, filter: string, property: string) {
  await unsubscribe(this, name, [this.topic(filter)], { userProperties: userProperty(property) });
});

When("{string} disconnects with the user property {string}", async function (this: ConformanceWorld, name: string, property: string) {
  await this.client(name).disconnect(this.deliveryTimeoutMs, 0, { userProperties: userProperty(property) });
});

Then(
  "{string} receives at least one but no more than {int} of the numbered messages on {string}",
  async function (this: ConformanceWorld, name: string, limit: number, topic: string) {
    const client = this.client(name);
    await client.waitFor(`a numbered message on ${JSON.stringify(this.topic(topic))}`, isPublishOn(this.topic(topic)), this.deliveryTimeoutMs);
    await new Promise((resolve) => setTimeout(resolve, this.quietPeriodMs)); // quiet period: no more may come
    const received = numbersReceived(client, this.topic(topic));
    check(received.length <= limit, client, `expected at most ${limit} numbered messages, got ${received.length}`);
  },
);

When("{string} acknowledges every PUBLISH it received and, from now on, each one as it arrives", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  for (const received of client.matching(isPublish)) if (received.qos === 1 && received.messageId !== undefined) client.acknowledge(received.messageId);
  client.autoAcknowledge = true;
});

Then("{string} never had more than {int} QoS 1 messages unacknowledged at once", function (this: ConformanceWorld, name: string, limit: number) {
  const client = this.client(name);
  const peak = peakUnacknowledged(client.log);
  check(peak <= limit, client, `expected at most ${limit} QoS 1 PUBLISHes awaiting a PUBACK at any time, got ${peak}`);
});

When(
  "{string} subscribes to {string} at QoS {int} with Subscription Identifier {int}",
  function (this: ConformanceWorld, name: string, filter: string, qos: number, identifier: number) {
    const client = this.client(name);
    client.send({ cmd: "subscribe", messageId: client.allocatePacketId(), subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }], properties: { subscriptionIdentifier: identifier } });
  },
);

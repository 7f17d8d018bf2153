// Steps about PUBLISH from a client: well-formed publishes (confirmed by their PUBACK at QoS 1),
// numbered messages, MQTT 5 properties, topic aliases, packets of an exact size, exact packet
// identifiers, QoS 2, and publishes a step sends on purpose against a client rule.
import type { DataTable } from "@cucumber/cucumber";
import { generate, type IPublishPacket, type Packet } from "mqtt-packet";
import { appendUserProperties } from "../support/driver/user-properties.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { numberedPayload, numbersFrom, publishNumbered } from "../support/harness/numbered-messages.ts";
import { propertiesFrom } from "../support/harness/properties.ts";
import { confirmPuback, publishConfirmed, sendPublish } from "../support/harness/publishing.ts";
import { publishOfSize, publishPayloadFor } from "../support/harness/packet-sizes.ts";
import { clientRules } from "../support/harness/packet-tables.ts";
import { topicOfShape, type TopicShape } from "../support/harness/topic-shapes.ts";
import type { LimitKind } from "../support/harness/limit-kinds.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

type PublishProperties = NonNullable<IPublishPacket["properties"]>;

When(
  "{string} publishes {string} to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos);
  },
);

When(
  "{string} publishes {string} to {string} at QoS {int} with these properties:",
  async function (
    this: ConformanceWorld,
    name: string,
    payload: string,
    topic: string,
    qos: number,
    table: DataTable,
  ) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, {
      properties: propertiesFrom<PublishProperties>(this, table.raw(), this.client(name)),
    });
  },
);

When(
  "{string} publishes {int} numbered messages more than {limitKind} to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, extra: number, kind: LimitKind, topic: string, qos: number) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(1, this.requireLimit(kind) + extra), qos);
  },
);

When(
  "{string} publishes numbered messages {int} to {int} to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, first: number, last: number, topic: string, qos: number) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(first, last), qos);
  },
);

When(
  "{string} publishes numbered messages {int} to {int} of {int} bytes each to {string} at QoS {int}",
  async function (
    this: ConformanceWorld,
    name: string,
    first: number,
    last: number,
    bytes: number,
    topic: string,
    qos: number,
  ) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(first, last), qos, bytes);
  },
);

When(
  "{string} publishes {string} to {shape} at QoS {int}",
  async function (this: ConformanceWorld, name: string, payload: string, shape: TopicShape, qos: number) {
    this.lastTopic = topicOfShape(this, shape);
    await publishConfirmed(this, name, this.lastTopic, payload, qos);
  },
);

When(
  "{string} tries to publish {string} to {shape} at QoS {int}",
  function (this: ConformanceWorld, name: string, payload: string, shape: TopicShape, qos: number) {
    this.lastTopic = topicOfShape(this, shape);
    sendPublish(this.client(name), this.lastTopic, payload, qos);
  },
);

/** A QoS 0 PUBLISH of a size on the wire; over the broker's announced maximum it breaks that rule on purpose. */
When(
  "{string} sends a PUBLISH to {string} of {size}",
  function (
    this: ConformanceWorld,
    name: string,
    topic: string,
    size: { bytes?: number; overBrokerMaximum?: number },
  ) {
    const client = this.client(name);
    const announced = client.announced?.maximumPacketSize;
    const bytes = size.bytes ?? (announced ?? this.requireLimit("maximumPacketSize")) + size.overBrokerMaximum!;
    const over = announced !== undefined && bytes > announced;
    client.send(
      publishOfSize(this.topic(topic), bytes, client.protocolVersion),
      over ? { breaking: clientRules["the broker's Maximum Packet Size"] } : {},
    );
  },
);

When(
  "{string} publishes its topic name to each of these topics at QoS {int}:",
  async function (this: ConformanceWorld, name: string, qos: number, table: DataTable) {
    for (const [topic] of table.raw()) await publishConfirmed(this, name, this.topic(topic), topic, qos);
  },
);

When(
  "{string} publishes a message to {string} whose PUBLISH to {string} is {int} bytes",
  async function (this: ConformanceWorld, name: string, topic: string, receiver: string, bytes: number) {
    // the PUBLISH the broker sends on: QoS 1, a packet identifier, no properties of its own
    const payload = publishPayloadFor(this.topic(topic), bytes, {
      qos: 1,
      protocolVersion: this.client(receiver).protocolVersion,
    });
    await publishConfirmed(this, name, this.topic(topic), payload, 1);
  },
);

When(
  "{string} sends a QoS 1 PUBLISH of {string} to {string} with packet identifier {int}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    this.client(name).send({
      cmd: "publish",
      topic: this.topic(topic),
      payload: Buffer.from(payload),
      qos: 1,
      retain: false,
      dup: false,
      messageId,
    });
  },
);

Then("the broker refuses the PUBLISH of {string}", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  if (client.protocolVersion === 4) {
    // MQTT 3.1.1 has no negative acknowledgement: refusal is closing the connection
    await client.expectClose(this.deliveryTimeoutMs);
    return;
  }
  client.allowClose();
  await client.waitFor(
    "PUBACK or DISCONNECT with a reason code of 0x80 or above",
    (packet: Packet): packet is Packet =>
      (packet.cmd === "puback" || packet.cmd === "disconnect") && (packet.reasonCode ?? 0) >= 0x80,
    this.deliveryTimeoutMs,
  );
});

When(
  "{string} publishes {string} to {string} at QoS 1 with these user properties in this order:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const client = this.client(name);
    const messageId = client.allocatePacketId();
    // mqtt-packet writes user properties grouped by name, so the pairs are appended in order by the driver
    const plain = generate(
      {
        cmd: "publish",
        topic: this.topic(topic),
        payload: Buffer.from(payload),
        qos: 1,
        messageId,
        retain: false,
        dup: false,
        properties: {},
      },
      { protocolVersion: 5 },
    );
    const pairs = table.raw().map(([key, value]) => [key, value] as const);
    client.sendRaw(
      appendUserProperties(plain, pairs),
      `PUBLISH id=${messageId} with user properties ` +
        `${pairs.map(([key, value]) => `${key}=${value}`).join(", ")} in this order`,
    );
    await confirmPuback(this, client, messageId, this.topic(topic));
  },
);

When(
  "{string} tries to publish {string} to {string} at QoS {int}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
    sendPublish(this.client(name), this.topic(topic), payload, qos);
  },
);

/**
 * [MQTT5-3.3.2-12] every alias from 1 to the Topic Alias Maximum of the CONNACK: a PUBLISH to
 * `<prefix><alias>` that sets it, then one with the alias alone and an empty topic.
 */
When(
  "{string} uses each topic alias the broker announced, once with the topic {string} and its number and once alone",
  async function (this: ConformanceWorld, name: string, prefix: string) {
    const client = this.client(name);
    const maximum = client.announced?.topicAliasMaximum ?? 0;
    if (maximum === 0) throw new Error(`the broker announced no Topic Alias Maximum to "${name}"`);
    this.lastTopic = prefix;
    for (let alias = 1; alias <= maximum; alias++) {
      const topic = this.topic(`${prefix}${alias}`);
      await publishConfirmed(this, name, topic, `set ${alias}`, 1, { properties: { topicAlias: alias } });
      await publishConfirmed(this, name, "", `use ${alias}`, 1, { properties: { topicAlias: alias } });
    }
  },
);

/** [MQTT5-4.6.0-6] numbered messages alternating between two topics, and between QoS 0 and 1 every second pair. */
When(
  "{string} publishes numbered messages {int} to {int} to {string} and {string} in turn, at QoS 0 and 1 in turn",
  async function (this: ConformanceWorld, name: string, first: number, last: number, topicA: string, topicB: string) {
    for (const number of numbersFrom(first, last)) {
      const topic = this.topic(number % 2 === 1 ? topicA : topicB);
      const qos = Math.floor((number - first) / 2) % 2;
      await publishConfirmed(this, name, topic, numberedPayload(number), qos);
    }
  },
);

// Steps about PUBLISH from a client: well-formed publishes (confirmed by their PUBACK at QoS 1),
// numbered messages, MQTT 5 properties, topic aliases, packets of an exact size, exact packet
// identifiers, QoS 2, and publishes a step sends on purpose against a client rule.
import type { DataTable } from "@cucumber/cucumber";
import { generate, type IPublishPacket, type Packet } from "mqtt-packet";
import { appendUserProperties } from "../support/driver/user-properties.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { numberedPayloads, numbersFrom, publishNumbered } from "../support/harness/numbered-messages.ts";
import { propertiesFrom } from "../support/harness/properties.ts";
import { confirmPuback, publishConfirmed, sendPublish } from "../support/harness/publishing.ts";
import { publishOfSize, publishPayloadFor } from "../support/harness/packet-sizes.ts";
import { shortExpirySeconds } from "../support/harness/timing.ts";
import { topicOfBytes, topicOfLevels } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

type PublishProperties = NonNullable<IPublishPacket["properties"]>;

const sameIdentifierRule = "a packet identifier in use is not used for a new packet [MQTT-2.2.1-3]";

When("{string} publishes {string} to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  await publishConfirmed(this, name, this.topic(topic), payload, qos);
});

When(
  "{string} publishes {string} to {string} at QoS {int}, expiring after the short expiry",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, { properties: { messageExpiryInterval: shortExpirySeconds(this.target.descriptor) } });
  },
);

When(
  "{string} publishes {string} to {string} at QoS {int} with these properties:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, table: DataTable) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, { properties: propertiesFrom<PublishProperties>(this, table.raw()) });
  },
);

When("{string} publishes {int} numbered messages to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, count: number, topic: string, qos: number) {
  for (const payload of numberedPayloads(count)) await publishConfirmed(this, name, this.topic(topic), payload, qos);
});

When(
  "{string} publishes {int} numbered messages more than the stored-message limit to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, extra: number, topic: string, qos: number) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(1, this.requireLimit("maxQueuedMessages") + extra), qos);
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
  async function (this: ConformanceWorld, name: string, first: number, last: number, bytes: number, topic: string, qos: number) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(first, last), qos, bytes);
  },
);

When("{string} publishes its topic name to each of these topics at QoS {int}:", async function (this: ConformanceWorld, name: string, qos: number, table: DataTable) {
  for (const [topic] of table.raw()) await publishConfirmed(this, name, this.topic(topic), topic, qos);
});

When("{string} publishes {string} to a topic of {int} levels at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, levels: number, qos: number) {
  this.lastTopic = topicOfLevels(this, levels);
  await publishConfirmed(this, name, this.lastTopic, payload, qos);
});

When("{string} tries to publish {string} to a topic of {int} levels at QoS {int}", function (this: ConformanceWorld, name: string, payload: string, levels: number, qos: number) {
  this.lastTopic = topicOfLevels(this, levels);
  sendPublish(this.client(name), this.lastTopic, payload, qos);
});

When("{string} publishes {string} to a topic of {int} bytes at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, bytes: number, qos: number) {
  this.lastTopic = topicOfBytes(this, bytes);
  await publishConfirmed(this, name, this.lastTopic, payload, qos);
});

When("{string} tries to publish {string} to a topic of {int} bytes at QoS {int}", function (this: ConformanceWorld, name: string, payload: string, bytes: number, qos: number) {
  this.lastTopic = topicOfBytes(this, bytes);
  sendPublish(this.client(name), this.lastTopic, payload, qos);
});

When(
  "{string} publishes a message to {string} whose PUBLISH to {string} is {int} bytes",
  async function (this: ConformanceWorld, name: string, topic: string, receiver: string, bytes: number) {
    // the PUBLISH the broker sends on: QoS 1, a packet identifier, no properties of its own
    const payload = publishPayloadFor(this.topic(topic), bytes, { qos: 1, protocolVersion: this.client(receiver).protocolVersion });
    await publishConfirmed(this, name, this.topic(topic), payload, 1);
  },
);

When(
  "{string} sends a PUBLISH to {string} of exactly the broker's Maximum Packet Size",
  function (this: ConformanceWorld, name: string, topic: string) {
    const client = this.client(name);
    client.send(publishOfSize(this.topic(topic), brokerMaximumPacketSize(this, name), client.protocolVersion));
  },
);

When(
  "{string} sends a PUBLISH to {string} one byte over the broker's Maximum Packet Size",
  function (this: ConformanceWorld, name: string, topic: string) {
    const client = this.client(name);
    const size = brokerMaximumPacketSize(this, name) + 1;
    client.send(publishOfSize(this.topic(topic), size, client.protocolVersion), { breaking: `a packet of ${size} bytes is over the broker's Maximum Packet Size [MQTT-3.2.2-15]` });
  },
);

When("{string} sends a PUBLISH packet of {int} bytes to {string}", function (this: ConformanceWorld, name: string, bytes: number, topic: string) {
  const client = this.client(name);
  client.send(publishOfSize(this.topic(topic), bytes, client.protocolVersion));
});

When("{string} sends a PUBLISH packet of {int} bytes to {string}, over the broker's maximum", function (this: ConformanceWorld, name: string, bytes: number, topic: string) {
  const client = this.client(name);
  client.send(publishOfSize(this.topic(topic), bytes, client.protocolVersion), { breaking: `a packet of ${bytes} bytes is over the broker's Maximum Packet Size [MQTT-3.2.2-15]` });
});

When(
  "{string} sends a QoS 1 PUBLISH of {string} to {string} with packet identifier {int}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    this.client(name).send({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, retain: false, dup: false, messageId });
  },
);

When(
  "{string} sends a QoS 1 PUBLISH of {string} to {string} with packet identifier {int}, breaking the broker's Receive Maximum",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    const publish: Packet = { cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, retain: false, dup: false, messageId };
    this.client(name).send(publish, { breaking: "no more unacknowledged QoS 1 PUBLISHes than the broker's Receive Maximum [MQTT-3.3.4-7]" });
  },
);

When(
  "{string} sends a QoS 1 PUBLISH of {string} to {string} with packet identifier {int}, breaking the rule that an identifier in use is not reused",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    this.client(name).send({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, retain: false, dup: false, messageId }, { breaking: sameIdentifierRule });
  },
);

When("{string} sends a QoS 2 PUBLISH of {string} to {string}", function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  sendPublish(this.client(name), this.topic(topic), payload, 2);
});

When("{string} sends a QoS 2 PUBLISH of {string} to {string}, breaking the broker's Maximum QoS", function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  sendPublish(this.client(name), this.topic(topic), payload, 2, { breaking: "no PUBLISH above the broker's Maximum QoS [MQTT-3.2.2-11]" });
});

When("{string} sends a {word} for packet identifier {int}", function (this: ConformanceWorld, name: string, packetName: string, messageId: number) {
  const client = this.client(name);
  const v5 = client.protocolVersion === 5;
  switch (packetName) {
    case "PUBREC":
    case "PUBREL":
    case "PUBCOMP":
      client.send({ cmd: packetName.toLowerCase() as "pubrec" | "pubrel" | "pubcomp", messageId, ...(v5 ? { reasonCode: 0 } : {}) });
      return;
    case "AUTH":
      // 0x19 Re-authenticate: AUTH carries no packet identifier
      client.send({ cmd: "auth", reasonCode: 0x19, properties: { authenticationMethod: "SCRAM-SHA-1" } });
      return;
    default:
      throw new Error(`no such packet to send: ${packetName}`);
  }
});

When(
  "{string} publishes {string} to {string} at QoS {int} setting topic alias {int}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, alias: number) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, { properties: { topicAlias: alias } });
  },
);

When("{string} publishes {string} at QoS {int} with only topic alias {int}", async function (this: ConformanceWorld, name: string, payload: string, qos: number, alias: number) {
  await publishConfirmed(this, name, "", payload, qos, { properties: { topicAlias: alias } });
});

When(
  "{string} sends a PUBLISH of {string} to {string} with topic alias {int}, breaking the topic alias rules",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, alias: number) {
    sendPublish(this.client(name), this.topic(topic), payload, 0, { properties: { topicAlias: alias }, breaking: "a topic alias is from 1 to the broker's Topic Alias Maximum [MQTT-3.3.2-8]" });
  },
);

When(
  "{string} sends a PUBLISH of {string} to {string} with a topic alias one above the maximum of its CONNACK, breaking the topic alias rules",
  function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    // an absent Topic Alias Maximum is 0: then no alias at all is allowed [MQTT-3.2.2-18]
    const maximum = this.connack(name).properties?.topicAliasMaximum ?? 0;
    sendPublish(this.client(name), this.topic(topic), payload, 0, { properties: { topicAlias: maximum + 1 }, breaking: "a topic alias is from 1 to the broker's Topic Alias Maximum [MQTT-3.2.2-17]" });
  },
);

When(
  "{string} sends a PUBLISH of {string} to {string} with the Response Topic {string}, breaking the rule that a Response Topic has no wildcards",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, responseTopic: string) {
    sendPublish(this.client(name), this.topic(topic), payload, 0, { properties: { responseTopic: this.topic(responseTopic) }, breaking: "a Response Topic is a Topic Name, without wildcards [MQTT-3.3.2-14]" });
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
    (packet: Packet): packet is Packet => (packet.cmd === "puback" || packet.cmd === "disconnect") && (packet.reasonCode ?? 0) >= 0x80,
    this.deliveryTimeoutMs,
  );
});

/** The broker's Maximum Packet Size as its CONNACK announced it (MQTT 5) or its descriptor declares it. */
function brokerMaximumPacketSize(world: ConformanceWorld, name: string): number {
  return world.client(name).announced?.maximumPacketSize ?? world.requireLimit("maximumPacketSize");
}

Then("the broker never answers {string} with PUBREC, PUBREL, PUBCOMP or AUTH", async function (this: ConformanceWorld, name: string) {
  const inKind = new Set(["pubrec", "pubrel", "pubcomp", "auth"]);
  await this.client(name).expectNothing("PUBREC, PUBREL, PUBCOMP or AUTH", (packet: Packet) => inKind.has(packet.cmd), this.quietPeriodMs);
});

When(
  "{string} publishes {string} to {string} at QoS 1 with these user properties in this order:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const client = this.client(name);
    const messageId = client.allocatePacketId();
    // mqtt-packet writes user properties grouped by name, so the pairs are appended in order by the driver
    const plain = generate({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, messageId, retain: false, dup: false, properties: {} }, { protocolVersion: 5 });
    const pairs = table.raw().map(([key, value]) => [key, value] as const);
    client.sendRaw(appendUserProperties(plain, pairs), `PUBLISH id=${messageId} with user properties ${pairs.map(([key, value]) => `${key}=${value}`).join(", ")} in this order`);
    await confirmPuback(this, client, messageId, this.topic(topic));
  },
);

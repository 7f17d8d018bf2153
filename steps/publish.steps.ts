// Steps about publishing: well-formed PUBLISHes, exact packet identifiers, QoS 2, and the
// packets of the QoS 2 flow the profile does not support.
import { Then, When, type DataTable } from "@cucumber/cucumber";
import type { Packet } from "mqtt-packet";
import { numberedPayloads } from "../support/harness/numbered-messages.ts";
import { publishConfirmed as publish, sendPublish } from "../support/harness/publishing.ts";
import { topicOfBytes, topicOfLevels } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When("{string} publishes {string} to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  await publish(this, name, this.topic(topic), payload, qos);
});

When(
  "{string} publishes {string} to {string} at QoS {int}, expiring after {int} s",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, seconds: number) {
    await publish(this, name, this.topic(topic), payload, qos, { properties: { messageExpiryInterval: seconds } });
  },
);

When("{string} publishes {int} numbered messages to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, count: number, topic: string, qos: number) {
  for (const payload of numberedPayloads(count)) await publish(this, name, this.topic(topic), payload, qos);
});

When(
  "{string} publishes its topic name to each of these topics at QoS {int}:",
  async function (this: ConformanceWorld, name: string, qos: number, table: DataTable) {
    for (const [topic] of table.raw()) await publish(this, name, this.topic(topic), topic, qos);
  },
);

When("{string} publishes {string} to a topic of {int} levels at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, levels: number, qos: number) {
  this.lastTopic = topicOfLevels(this, levels);
  await publish(this, name, this.lastTopic, payload, qos);
});

When("{string} tries to publish {string} to a topic of {int} levels at QoS {int}", function (this: ConformanceWorld, name: string, payload: string, levels: number, qos: number) {
  this.lastTopic = topicOfLevels(this, levels);
  sendPublish(this.client(name), this.lastTopic, payload, qos);
});

When("{string} publishes {string} to a topic of {int} bytes at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, bytes: number, qos: number) {
  this.lastTopic = topicOfBytes(this, bytes);
  await publish(this, name, this.lastTopic, payload, qos);
});

When("{string} tries to publish {string} to a topic of {int} bytes at QoS {int}", function (this: ConformanceWorld, name: string, payload: string, bytes: number, qos: number) {
  this.lastTopic = topicOfBytes(this, bytes);
  sendPublish(this.client(name), this.lastTopic, payload, qos);
});

When(
  "{string} sends a QoS 1 PUBLISH of {string} to {string} with packet identifier {int}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    this.client(name).send({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, retain: false, dup: false, messageId });
  },
);

When("{string} sends a QoS 2 PUBLISH of {string} to {string}", function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  sendPublish(this.client(name), this.topic(topic), payload, 2);
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

Then("the broker refuses the PUBLISH of {string}", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.closeExpected = true;
  if (client.protocolVersion === 4) {
    // MQTT 3.1.1 has no negative acknowledgement: refusal is closing the connection
    await client.waitForClose(this.deliveryTimeoutMs);
    return;
  }
  await client.waitFor(
    "PUBACK or DISCONNECT with a reason code of 0x80 or above",
    (packet: Packet): packet is Packet => (packet.cmd === "puback" || packet.cmd === "disconnect") && (packet.reasonCode ?? 0) >= 0x80,
    this.deliveryTimeoutMs,
  );
});

When(
  "{string} sends a retained QoS 1 PUBLISH of {string} to {string} with packet identifier {int}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    this.client(name).send({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, retain: true, dup: false, messageId });
  },
);

// Steps about SUBSCRIBE and SUBACK: subscribing (granted or not), SUBSCRIBE packets sent as they
// are, and what the SUBACK granted or refused, one reason code per filter.
import type { DataTable } from "@cucumber/cucumber";
import type { ISubackPacket, Packet } from "mqtt-packet";
import type { MqttTestClient } from "../support/driver/client.ts";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { check, checkShould } from "../support/harness/assertions.ts";
import { checkCodes } from "../support/harness/reason-codes.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { subscribeFromRows, unsubscribeFromRows } from "../support/harness/packet-tables.ts";
import { subscribe, subscribeGranted, subscribeToAll, unsubscribe } from "../support/harness/subscribing.ts";
import { topicOfShape, type TopicShape } from "../support/harness/topic-shapes.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When(
  "{string} subscribes to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
    await subscribe(this, name, this.topic(filter), qos);
  },
);

Given(
  "(each of ){clients} has subscribed to {string} at QoS {int}",
  async function (this: ConformanceWorld, names: string[], filter: string, qos: number) {
    await Promise.all(names.map((name) => subscribeGranted(this, name, this.topic(filter), qos)));
  },
);

Given(
  "{string} has subscribed to the broker-wide filter {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
    await subscribeGranted(this, name, filter, qos);
  },
);

When(
  "{string} subscribes to {shape} at QoS {int}",
  async function (this: ConformanceWorld, name: string, shape: TopicShape, qos: number) {
    await subscribe(this, name, topicOfShape(this, shape), qos);
  },
);

/** [RC-16] the broker's depth limit probed on both sides in one SUBSCRIBE: its deepest filter, then one level more. */
When(
  "{string} subscribes to a filter as deep as the broker allows and one a level deeper, in one SUBSCRIBE",
  async function (this: ConformanceWorld, name: string) {
    const levels = this.requireLimit("maxTopicSlashes") + 1;
    await subscribeToAll(this, name, [
      { topic: topicOfShape(this, { levels }), qos: 1 },
      { topic: topicOfShape(this, { levels: levels + 1 }), qos: 1 },
    ]);
  },
);

When(
  "{string} subscribes to these filters in one SUBSCRIBE:",
  async function (this: ConformanceWorld, name: string, table: DataTable) {
    await subscribeToAll(
      this,
      name,
      table.hashes().map((row) => ({ topic: this.topic(row.filter), qos: Number(row.QoS) })),
    );
  },
);

/** Subscribes (or unsubscribes) with the packet a table describes, and waits for its SUBACK (UNSUBACK). */
When(
  "{string} {subscribing} with:",
  async function (this: ConformanceWorld, name: string, subscribing: "subscribes" | "unsubscribes", table: DataTable) {
    const client = this.client(name);
    if (subscribing === "subscribes") {
      const packet = subscribeFromRows(this, client, table.raw());
      await subscribeToAll(this, name, packet.subscriptions, packet.properties);
    } else {
      const packet = unsubscribeFromRows(this, client, table.raw());
      await unsubscribe(this, name, packet.unsubscriptions, packet.properties);
    }
  },
);

Then("{string} is granted QoS {int}", function (this: ConformanceWorld, name: string, qos: number) {
  const suback = this.suback(name);
  check(
    (suback.granted as number[])[0] === qos,
    this.client(name),
    `expected SUBACK granting QoS ${qos}, got ${describePacket(suback)}`,
  );
});

Then("the SUBACK to {string} refuses the filter", function (this: ConformanceWorld, name: string) {
  const suback = this.suback(name);
  // v3 0x80 Failure; v5 any reason code of 0x80 or above
  check(
    (suback.granted as number[])[0] >= 0x80,
    this.client(name),
    `expected SUBACK refusing the filter (0x80 or above), got ${describePacket(suback)}`,
  );
});

/**
 * A filter the broker refuses: AWS IoT Core answers with the SUBACK code; OASIS makes a malformed
 * filter a protocol error, so under the oasis profile closing the connection refuses it too.
 */
Then(
  "the broker refuses the filter of {string} with SUBACK {codes}",
  async function (this: ConformanceWorld, name: string, codes: number[]) {
    const client = this.client(name);
    client.allowClose();
    const isSuback = (packet: Packet): packet is ISubackPacket => packet.cmd === "suback";
    const suback = await client.waitFor("SUBACK", isSuback, this.deliveryTimeoutMs).catch((error: Error) => {
      if (this.profile === "oasis" && client.closed) return undefined;
      throw error;
    });
    if (!suback) return;
    checkFilterRefused(this, client, suback, codes);
  },
);

/**
 * MQTT 5 lets a broker treat a malformed filter as a malformed packet or protocol error: a SUBACK
 * refusing it, or a close after no DISCONNECT or one with the codes given.
 */
Then(
  "the broker refuses the filter of {string} with SUBACK {codes}, or disconnects it with {codes}",
  async function (this: ConformanceWorld, name: string, subackCodes: number[], disconnectCodes: number[]) {
    const client = this.client(name);
    client.allowClose();
    const isAnswer = (packet: Packet): packet is Packet => packet.cmd === "suback" || packet.cmd === "disconnect";
    const answer = await client
      .waitFor("SUBACK or DISCONNECT", isAnswer, this.deliveryTimeoutMs)
      .catch((error: Error) => {
        if (client.closed) return undefined;
        throw error;
      });
    if (answer?.cmd === "suback") {
      checkFilterRefused(this, client, answer, subackCodes);
      return;
    }
    await client.waitForClose(this.deliveryTimeoutMs);
    const code = answer?.cmd === "disconnect" ? (answer.reasonCode ?? 0) : undefined;
    checkShould(
      this,
      code === undefined || disconnectCodes.includes(code),
      client,
      `expected no DISCONNECT or one with ${disconnectCodes.map(hexCode).join(" or ")}, ` +
        `got ${answer ? describePacket(answer) : "none"}`,
    );
  },
);

/**
 * [MQTT5-3.3.1-9..11] the same SUBSCRIBE twice, each answered: what Retain Handling sends depends
 * on the subscription being new.
 */
When(
  "{string} sends a SUBSCRIBE to {string} at QoS {int} with Retain Handling {int}, twice",
  async function (this: ConformanceWorld, name: string, filter: string, qos: number, retainHandling: number) {
    for (const _ of [1, 2]) {
      const suback = await subscribeToAll(this, name, [{ topic: this.topic(filter), qos, rh: retainHandling }]);
      check(
        (suback.granted as number[])[0] < 0x80,
        this.client(name),
        `expected the subscription granted, got ${describePacket(suback)}`,
      );
    }
  },
);

Then(
  "the SUBACK to {string} has these reason codes, one per filter:",
  function (this: ConformanceWorld, name: string, table: DataTable) {
    checkCodes(this, name, this.suback(name), "SUBACK", table);
  },
);

/** For statements that bind only a broker without wildcard subscriptions. */
Given("the broker does not offer wildcard subscriptions", function (this: ConformanceWorld) {
  if (this.target.descriptor.capabilities.includes("wildcard-subscriptions")) {
    throw new NotApplicable(
      `${this.target.descriptor.name} offers wildcard subscriptions: this rule binds a broker that does not`,
    );
  }
});

/** A SUBACK refusing its one filter: refused is a MUST; which of the codes, a SHOULD. */
function checkFilterRefused(world: ConformanceWorld, client: MqttTestClient, suback: Packet, codes: number[]): void {
  const code = ((suback as ISubackPacket).granted as number[])[0];
  check(code >= 0x80, client, `expected the filter refused, got ${describePacket(suback)}`);
  checkShould(
    world,
    codes.includes(code),
    client,
    `expected SUBACK ${codes.map(hexCode).join(" or ")}, got ${describePacket(suback)}`,
  );
}

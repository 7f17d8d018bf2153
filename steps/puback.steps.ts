// Steps about acknowledgements a client receives (PUBACK, SUBACK, UNSUBACK for a packet
// identifier, with their reason codes and reason strings) or must not receive, and a subscriber
// withholding or giving its own PUBACKs.
import type { IPubackPacket, Packet } from "mqtt-packet";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { hasReasonString, isPubackFor, isPublish } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { waitQuietPeriod } from "../support/harness/clock.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { recordSuback } from "../support/harness/subscribing.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

function pubackOf(world: ConformanceWorld, name: string, messageId: number): Promise<IPubackPacket> {
  return world
    .client(name)
    .waitFor(`PUBACK with packet identifier ${messageId}`, isPubackFor(messageId), world.deliveryTimeoutMs);
}

/**
 * The acknowledgement of this type for a packet identifier: one an earlier step already looked at
 * counts too, else the next to come.
 */
async function ackFor(world: ConformanceWorld, name: string, ack: string, messageId: number): Promise<Packet> {
  const isAck = (packet: Packet): packet is Packet => packet.cmd === ack && packet.messageId === messageId;
  const client = world.client(name);
  return (
    client.packets.map((raw) => raw.packet).find(isAck) ??
    (await client.waitFor(`${ack.toUpperCase()} with packet identifier ${messageId}`, isAck, world.deliveryTimeoutMs))
  );
}

/** An acknowledgement for a packet identifier; a SUBACK or UNSUBACK is kept for the steps that read its codes. */
Then(
  "{string} receives a(n) {ack} with packet identifier {int}",
  async function (this: ConformanceWorld, name: string, ack: string, messageId: number) {
    const received = await ackFor(this, name, ack, messageId);
    if (received.cmd === "suback") recordSuback(this, name, received);
    if (received.cmd === "unsuback") this.unsubacks.set(name, received);
  },
);

/** [MQTT5-4.3.3-10] the same acknowledgement a number of times: each repeat of a packet was answered. */
Then(
  "{string} receives {int} {ack}s with packet identifier {int}",
  async function (this: ConformanceWorld, name: string, count: number, ack: string, messageId: number) {
    const client = this.client(name);
    const isAck = (packet: Packet): packet is Packet => packet.cmd === ack && packet.messageId === messageId;
    await pollUntil(
      `${count} ${ack.toUpperCase()}s with packet identifier ${messageId}`,
      () => client.matching(isAck).length >= count,
      [client],
      this.deliveryTimeoutMs,
    );
  },
);

/**
 * [MQTT5-3.8.4-1] [MQTT5-3.10.4-4] exactly one acknowledgement answers the last SUBSCRIBE
 * (UNSUBSCRIBE) the client sent.
 */
Then("{string} receives one {ack} for it", async function (this: ConformanceWorld, name: string, ack: string) {
  const client = this.client(name);
  const request = ack === "suback" ? "subscribe" : ack === "unsuback" ? "unsubscribe" : "publish";
  const sent = [...client.log.entries]
    .reverse()
    .find((entry) => entry.direction === "sent" && entry.packet?.cmd === request)?.packet;
  if (!sent || !("messageId" in sent))
    throw new Error(`"${name}" sent no ${request.toUpperCase()} this step could count ${ack.toUpperCase()}s for`);
  const isAck = (packet: Packet): packet is Packet => packet.cmd === ack && packet.messageId === sent.messageId;
  await pollUntil(
    `${ack.toUpperCase()} with packet identifier ${sent.messageId}`,
    () => client.packets.some((raw) => isAck(raw.packet)),
    [client],
    this.deliveryTimeoutMs,
  );
  await waitQuietPeriod(this.quietPeriodMs);
  const answers = client.packets.filter((raw) => isAck(raw.packet));
  check(answers.length === 1, client, `expected one ${ack.toUpperCase()}, got ${answers.length}`);
});

/** A client that refuses (or accepts) every QoS 1 and QoS 2 message with this reason code, from now on. */
Given(
  "{string} answers each PUBLISH with PUBACK {code}",
  function (this: ConformanceWorld, name: string, code: number) {
    const client = this.client(name);
    client.acknowledgementCode = code;
    client.autoAcknowledge = true;
  },
);

/** A PUBACK, SUBACK or UNSUBACK for a packet identifier whose reason code(s) are among those given. */
Then(
  "{string} receives a(n) {ack} with packet identifier {int} and reason code {codes}",
  async function (this: ConformanceWorld, name: string, ack: string, messageId: number, codes: number[]) {
    const client = this.client(name);
    const isAck = (packet: Packet): packet is Packet => packet.cmd === ack && packet.messageId === messageId;
    const codesOf = (packet: Packet): number[] =>
      packet.cmd === "suback" || packet.cmd === "unsuback"
        ? ((packet.granted ?? []) as number[])
        : [(packet as { reasonCode?: number }).reasonCode ?? 0];
    // the codes are part of what is looked for: an identifier may be answered twice, first 0x91 (in
    // use) and then 0x00 [RC-10]
    const withCodes = (packet: Packet): packet is Packet =>
      isAck(packet) && codesOf(packet).length > 0 && codesOf(packet).every((code) => codes.includes(code));
    const seen = client.packets.map((raw) => raw.packet).find(withCodes);
    if (seen) return;
    await client
      .waitFor(
        `${ack.toUpperCase()} with packet identifier ${messageId} and ${codes.map(hexCode).join(" or ")}`,
        withCodes,
        this.deliveryTimeoutMs,
      )
      .catch((error: Error) => {
        const other = client.matching(isAck).at(-1);
        if (other)
          check(
            false,
            client,
            `expected ${ack.toUpperCase()} ${codes.map(hexCode).join(" or ")}, got ${describePacket(other)}`,
          );
        throw error;
      });
  },
);

Then(
  "{string} receives a PUBACK with packet identifier {int}, a reason code of 0x80 or above and a reason string",
  async function (this: ConformanceWorld, name: string, messageId: number) {
    const puback = await pubackOf(this, name, messageId);
    check(
      (puback.reasonCode ?? 0) >= 0x80 && hasReasonString(puback),
      this.client(name),
      `expected a refusing PUBACK with a reason string, got ${describePacket(puback)}`,
    );
  },
);

/** A refusal of a packet, whatever the code: a precondition where the statement is about something else. */
Then(
  "{string} receives a(n) {ack} with packet identifier {int} and a reason code of 0x80 or above",
  async function (this: ConformanceWorld, name: string, ack: string, messageId: number) {
    const client = this.client(name);
    const received = await ackFor(this, name, ack, messageId);
    check(
      ((received as { reasonCode?: number }).reasonCode ?? 0) >= 0x80,
      client,
      `expected a refusing ${ack.toUpperCase()} (0x80 or above), got ${describePacket(received)}`,
    );
  },
);

/**
 * [M5-15] the absence of a reason string means something only where the broker gives one to a
 * client that did not decline it: the other client's PUBACK is the control.
 */
Then(
  "{string} receives a PUBACK with packet identifier {int}, " +
    "a reason code of 0x80 or above and, unlike {string}, no reason string",
  async function (this: ConformanceWorld, name: string, messageId: number, control: string) {
    // the control's PUBACK was usually looked at by the step before: it counts again here
    const controlPuback =
      this.client(control).matching(isPubackFor(messageId))[0] ?? (await pubackOf(this, control, messageId));
    const puback = await pubackOf(this, name, messageId);
    check(
      (controlPuback.reasonCode ?? 0) >= 0x80,
      this.client(control),
      `expected a refusing PUBACK, got ${describePacket(controlPuback)}`,
    );
    if (!hasReasonString(controlPuback)) {
      const unseen = "so leaving it out cannot be seen; a broker that sends one is judged on this scenario";
      throw new NotApplicable(
        `${this.target.descriptor.name} sends no reason string on a refusing PUBACK ` +
          `even to a client that asked for problem information, ${unseen}`,
      );
    }
    check(
      (puback.reasonCode ?? 0) >= 0x80 && !hasReasonString(puback),
      this.client(name),
      `expected a refusing PUBACK without a reason string, got ${describePacket(puback)}`,
    );
  },
);

Then("{string} receives no {packets}", async function (this: ConformanceWorld, name: string, packets: string[]) {
  await this.client(name).expectNothing(
    packets.map((cmd) => cmd.toUpperCase()).join(" or "),
    (packet: Packet) => packets.includes(packet.cmd),
    this.quietPeriodMs,
  );
});

Given("{string} withholds its PUBACKs", function (this: ConformanceWorld, name: string) {
  this.client(name).autoAcknowledge = false;
});

When(
  "{string} acknowledges every PUBLISH it received and, from now on, each one as it arrives",
  function (this: ConformanceWorld, name: string) {
    const client = this.client(name);
    for (const received of client.matching(isPublish))
      if (received.qos === 1 && received.messageId !== undefined) client.acknowledge(received.messageId);
    client.autoAcknowledge = true;
  },
);

/**
 * [MQTT-3.3.5-2] a PUBLISH the broker will not authorize gets its normal acknowledgement, or the close: nothing else.
 */
Then(
  "the broker answers {string} with a PUBACK with packet identifier {int}, or closes its connection",
  async function (this: ConformanceWorld, name: string, messageId: number) {
    const client = this.client(name);
    client.allowClose();
    // an MQTT 3.1.1 PUBACK has no code: either answer is all the rule allows, and a wait that ends without one fails
    await pubackOf(this, name, messageId).catch((error: Error) => {
      if (!client.closed) throw error;
    });
  },
);

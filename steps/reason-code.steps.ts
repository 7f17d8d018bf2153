// Steps about the reason codes the broker answers with: exact codes on CONNACK, PUBACK, SUBACK,
// UNSUBACK and DISCONNECT, whether a reason string comes with them, and the administrative causes
// (stopping the broker, an administrator's disconnect) that produce some of them.
import { Then, When, type DataTable } from "@cucumber/cucumber";
import type { IPubackPacket, ISubackPacket, IUnsubackPacket, Packet, QoS } from "mqtt-packet";
import type { MqttTestClient } from "../support/driver/client.ts";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { hasReasonString, isPubackFor, isSubackFor, isUnsubackFor } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { brokerCloses } from "../support/harness/closing.ts";
import { subscribeToAll, unsubscribe } from "../support/harness/subscribing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** "0x00" or "0x00 or 0x11": the codes a table cell allows. */
function allowedCodes(cell: string): number[] {
  return cell.split(/\s+or\s+/).map((code) => Number.parseInt(code.replace(/^0x/i, ""), 16));
}

function checkCodes(client: MqttTestClient, ack: ISubackPacket | IUnsubackPacket, table: DataTable): void {
  const expected = table.raw().map(([cell]) => cell);
  const actual = (ack.granted ?? []) as number[];
  const wrong = expected.filter((cell, index) => actual[index] === undefined || !allowedCodes(cell).includes(actual[index]));
  check(wrong.length === 0 && actual.length === expected.length, client, `expected reason codes [${expected.join(", ")}], got ${describePacket(ack)}`);
}

Then("the CONNACK to {string} has reason code {code}", function (this: ConformanceWorld, name: string, reasonCode: number) {
  const connack = this.connack(name);
  check(connack.reasonCode === reasonCode, this.client(name), `expected CONNACK reason code ${hexCode(reasonCode)}, got ${describePacket(connack)}`);
});

Then("the CONNACK to {string} refuses the connection with {word} code {code}", async function (this: ConformanceWorld, name: string, kind: string, code: number) {
  const client = this.client(name);
  const connack = this.connack(name);
  // "reason code" is the MQTT 5 field, "return code" the MQTT 3.1.1 one
  const actual = kind === "reason" ? connack.reasonCode : connack.returnCode;
  check(actual === code, client, `expected CONNACK ${kind} code ${hexCode(code)}, got ${describePacket(connack)}`);
  client.closeExpected = true;
  await client.waitForClose(this.deliveryTimeoutMs);
});

Then(
  "{string} receives a PUBACK with packet identifier {int} and reason code {code}",
  async function (this: ConformanceWorld, name: string, messageId: number, reasonCode: number) {
    const client = this.client(name);
    const puback = await client.waitFor(`PUBACK with packet identifier ${messageId}`, isPubackFor(messageId), this.deliveryTimeoutMs);
    check(puback.reasonCode === reasonCode, client, `expected PUBACK ${hexCode(reasonCode)}, got ${describePacket(puback)}`);
  },
);

Then(
  "{string} receives a PUBACK with packet identifier {int} and reason code {code} or {code}",
  async function (this: ConformanceWorld, name: string, messageId: number, first: number, second: number) {
    const client = this.client(name);
    const puback = await client.waitFor(`PUBACK with packet identifier ${messageId}`, isPubackFor(messageId), this.deliveryTimeoutMs);
    check(puback.reasonCode === first || puback.reasonCode === second, client, `expected PUBACK ${hexCode(first)} or ${hexCode(second)}, got ${describePacket(puback)}`);
  },
);

Then(
  "{string} receives a PUBACK with packet identifier {int}, reason code {code} and {word} reason string",
  async function (this: ConformanceWorld, name: string, messageId: number, reasonCode: number, presence: string) {
    const client = this.client(name);
    const puback: IPubackPacket = await client.waitFor(`PUBACK with packet identifier ${messageId}`, isPubackFor(messageId), this.deliveryTimeoutMs);
    // "a reason string" or "no reason string"
    const wanted = presence === "a";
    check(puback.reasonCode === reasonCode && hasReasonString(puback) === wanted, client, `expected PUBACK ${hexCode(reasonCode)} with ${presence} reason string, got ${describePacket(puback)}`);
  },
);

When("{string} subscribes to these filters in one SUBSCRIBE:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  const requests = table.hashes().map((row) => ({ topic: this.topic(row.filter), qos: Number(row.QoS) }));
  await subscribeToAll(this, name, requests);
});

Then("the SUBACK to {string} has these reason codes, one per filter:", function (this: ConformanceWorld, name: string, table: DataTable) {
  checkCodes(this.client(name), this.suback(name), table);
});

When("{string} unsubscribes from these filters in one UNSUBSCRIBE:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await unsubscribe(this, name, table.raw().map(([filter]) => this.topic(filter)));
});

Then("the UNSUBACK to {string} has these reason codes, one per filter:", function (this: ConformanceWorld, name: string, table: DataTable) {
  const unsuback = this.unsubacks.get(name);
  if (!unsuback) throw new Error(`"${name}" has received no UNSUBACK`);
  checkCodes(this.client(name), unsuback, table);
});

When(
  "{string} sends a SUBSCRIBE to {string} at QoS {int} with packet identifier {int}",
  function (this: ConformanceWorld, name: string, filter: string, qos: number, messageId: number) {
    this.client(name).send({ cmd: "subscribe", messageId, subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }] });
  },
);

When("{string} sends an UNSUBSCRIBE from {string} with packet identifier {int}", function (this: ConformanceWorld, name: string, filter: string, messageId: number) {
  this.client(name).send({ cmd: "unsubscribe", messageId, unsubscriptions: [this.topic(filter)] });
});

/** Waits for the SUBACK or UNSUBACK of a packet identifier and checks every code in it. */
async function receiveAckWithCode(
  world: ConformanceWorld,
  name: string,
  what: string,
  predicate: (packet: Packet) => packet is ISubackPacket | IUnsubackPacket,
  reasonCode: number,
): Promise<void> {
  const client = world.client(name);
  const ack = await client.waitFor(what, predicate, world.deliveryTimeoutMs);
  const codes = (ack.granted ?? []) as number[];
  check(codes.length > 0 && codes.every((code) => code === reasonCode), client, `expected ${what} with ${hexCode(reasonCode)}, got ${describePacket(ack)}`);
}

Then(
  "{string} receives a SUBACK with packet identifier {int} and reason code {code}",
  async function (this: ConformanceWorld, name: string, messageId: number, reasonCode: number) {
    await receiveAckWithCode(this, name, `SUBACK with packet identifier ${messageId}`, isSubackFor(messageId), reasonCode);
  },
);

Then(
  "{string} receives an UNSUBACK with packet identifier {int} and reason code {code}",
  async function (this: ConformanceWorld, name: string, messageId: number, reasonCode: number) {
    await receiveAckWithCode(this, name, `UNSUBACK with packet identifier ${messageId}`, isUnsubackFor(messageId), reasonCode);
  },
);

When("the broker under test is stopped", async function (this: ConformanceWorld) {
  const broker = this.configuredBroker;
  if (!broker) throw new Error("only a broker this scenario started can be stopped");
  await broker.stop();
});

When("an administrator disconnects {string} through the broker's API", async function (this: ConformanceWorld, name: string) {
  const broker = this.configuredBroker;
  if (!broker) throw new Error("the administrative API belongs to a broker this scenario started");
  check(await broker.disconnectClient(this.clientId(name)), this.client(name), "expected the broker to know the client it was asked to disconnect");
});

Then("{string} received CONNACK, PUBACK, SUBACK and UNSUBACK, and any DISCONNECT, each with a reason code", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const carriesCode = (packet: Packet): boolean => {
    switch (packet.cmd) {
      case "suback":
      case "unsuback":
        return Array.isArray(packet.granted) && packet.granted.length > 0;
      case "connack":
      case "puback":
      case "disconnect":
        return packet.reasonCode !== undefined;
      default:
        return true;
    }
  };
  const received = client.packets.map((raw) => raw.packet);
  // a DISCONNECT before the close is the broker's choice [M5-08]; sending one is RC-13's concern
  const absent = ["connack", "puback", "suback", "unsuback"].filter((cmd) => !received.some((packet) => packet.cmd === cmd));
  const withoutCode = received.filter((packet) => !carriesCode(packet));
  check(absent.length === 0, client, `expected to have received ${absent.map((cmd) => cmd.toUpperCase()).join(", ")}`);
  check(withoutCode.length === 0, client, `expected a reason code on every acknowledgement, missing on: ${withoutCode.map(describePacket).join("; ")}`);
});

/** DISCONNECT reason codes a Server may send (OASIS MQTT 5, table 3.14.2.1: all but 0x04, which only a Client sends). */
const serverDisconnectCodes = new Set([0x00, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2]);

Then(
  "the broker closes the connection of {string}, after no DISCONNECT or one with a reason code a server may send",
  async function (this: ConformanceWorld, name: string) {
    const { disconnect } = await brokerCloses(this, name);
    // [MQTT-3.14.2-1] the DISCONNECT, if the broker sends one [M5-08], uses a reason code of the table
    check(disconnect === undefined || serverDisconnectCodes.has(disconnect.reasonCode ?? 0), this.client(name), `expected no DISCONNECT or one with a server's reason code, got ${disconnect ? describePacket(disconnect) : "none"}`);
  },
);

Then("no CONNACK or DISCONNECT {string} received redirects it to another server", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  // [M5-19] 0x9C Use another server, 0x9D Server moved, and the Server Reference they come with
  const redirects = client.packets
    .map((raw) => raw.packet)
    .filter((packet) => (packet.cmd === "connack" || packet.cmd === "disconnect") && (packet.reasonCode === 0x9c || packet.reasonCode === 0x9d || packet.properties?.serverReference !== undefined));
  const seen = client.packets.filter((raw) => raw.packet.cmd === "connack" || raw.packet.cmd === "disconnect").length;
  check(seen > 0 && redirects.length === 0, client, `expected no server redirection, got ${redirects.map(describePacket).join("; ") || `${seen} CONNACK/DISCONNECT packets`}`);
});

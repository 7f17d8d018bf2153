// Steps about the end of a connection: the broker closing it (on time, for a silent client), the
// DISCONNECT it sends first and its reason code, a close the profile allows, and the client's own
// DISCONNECT with its reason code and properties.
import type { Packet } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { check } from "../support/harness/assertions.ts";
import { brokerCloses, brokerDisconnects, checkDisconnectCode } from "../support/harness/closing.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { splitPair } from "../support/harness/properties.ts";
import { describeWindow, keepAliveCloseWindow } from "../support/harness/timing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** DISCONNECT reason codes a Server may send (OASIS MQTT 5, table 3.14.2.1: all but 0x04, which only a Client sends). */
const serverDisconnectCodes = new Set([0x00, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2]);

Then("the broker closes the connection of {string}", async function (this: ConformanceWorld, name: string) {
  await brokerCloses(this, name);
});

Then("the broker disconnects {string} with reason code {codes}", async function (this: ConformanceWorld, name: string, codes: number[]) {
  await brokerDisconnects(this, name, codes);
});

Then("the broker closes the connection of {string}, after DISCONNECT {codes} if it speaks MQTT 5", async function (this: ConformanceWorld, name: string, codes: number[]) {
  await brokerDisconnects(this, name, codes);
});

When("the broker may close the connection of {string} for it", function (this: ConformanceWorld, name: string) {
  this.client(name).allowClose();
});

/**
 * [MQTT-3.1.2-24] a client silent for 1.5 x its keep-alive (the one the broker assigned, if it
 * did) is closed then: not before, and no later than the broker's keep-alive check allows.
 */
Then("the broker closes the connection of {string} 1.5 times its keep-alive after its last packet", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const keepAliveSeconds = this.connack(name).properties?.serverKeepAlive ?? sentKeepAlive(this, name);
  const window = keepAliveCloseWindow(this.target.descriptor, keepAliveSeconds);
  const lastSent = [...client.log.entries].reverse().find((entry) => entry.direction === "sent")?.at ?? Date.now();
  const closed = await client.expectClose(Math.max(0, lastSent + window.latestMs - Date.now()));
  const afterMs = closed.at - lastSent;
  check(afterMs >= window.earliestMs, client, `expected the close ${describeWindow(window)} after the last packet (keep-alive ${keepAliveSeconds} s), got it after ${(afterMs / 1000).toFixed(2)} s`);
});

Then("the broker sent {string} DISCONNECT {codes} before the close", function (this: ConformanceWorld, name: string, codes: number[]) {
  const closed = this.client(name).closed;
  if (!closed) throw new Error(`"${name}" is still connected: an earlier step waits for the close`);
  checkDisconnectCode(this, name, closed, codes);
});

Then("the broker closes the connection of {string}, after no DISCONNECT or one with a reason code a server may send", async function (this: ConformanceWorld, name: string) {
  const { disconnect } = await brokerCloses(this, name);
  // [MQTT-3.14.2-1] a DISCONNECT, if the broker sends one [M5-08], uses a reason code of the table
  check(disconnect === undefined || serverDisconnectCodes.has(disconnect.reasonCode ?? 0), this.client(name), `expected no DISCONNECT or one with a server's reason code, got ${disconnect ? describePacket(disconnect) : "none"}`);
});

When("{string} disconnects with Session Expiry Interval {int}", async function (this: ConformanceWorld, name: string, sessionExpiryInterval: number) {
  await this.client(name).disconnect(this.deliveryTimeoutMs, 0, { sessionExpiryInterval });
});

When("{string} sends DISCONNECT with Session Expiry Interval {int}, breaking the rule that keeps it 0", function (this: ConformanceWorld, name: string, sessionExpiryInterval: number) {
  // the connection is left open: the broker is the one to close it
  this.client(name).send({ cmd: "disconnect", reasonCode: 0, properties: { sessionExpiryInterval } }, { breaking: "a Session Expiry Interval of 0 from CONNECT cannot be raised on DISCONNECT [MQTT-3.14.2-2]" });
});

When("{string} disconnects asking for its Will to be published", async function (this: ConformanceWorld, name: string) {
  // 0x04 Disconnect with Will Message
  await this.client(name).disconnect(this.deliveryTimeoutMs, 0x04);
});

When("{string} disconnects with the user property {string}", async function (this: ConformanceWorld, name: string, property: string) {
  const [key, value] = splitPair(property);
  await this.client(name).disconnect(this.deliveryTimeoutMs, 0, { userProperties: { [key]: value } });
});

Then("no CONNACK or DISCONNECT {string} received redirects it to another server", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  // [M5-19] 0x9C Use another server, 0x9D Server moved, and the Server Reference they come with
  const isRedirect = (packet: Packet): boolean =>
    (packet.cmd === "connack" || packet.cmd === "disconnect") && (packet.reasonCode === 0x9c || packet.reasonCode === 0x9d || packet.properties?.serverReference !== undefined);
  const redirects = client.packets.map((raw) => raw.packet).filter(isRedirect);
  const seen = client.packets.filter((raw) => raw.packet.cmd === "connack" || raw.packet.cmd === "disconnect").length;
  check(seen > 0 && redirects.length === 0, client, `expected no server redirection, got ${redirects.map(describePacket).join("; ") || `${seen} CONNACK/DISCONNECT packets`}`);
});

function sentKeepAlive(world: ConformanceWorld, name: string): number {
  const connect = world.client(name).log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect");
  return connect?.packet?.cmd === "connect" ? (connect.packet.keepalive ?? 0) : 0;
}

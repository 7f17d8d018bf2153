// Steps about the end of a connection: the broker closing it (on time, for a silent client), the
// DISCONNECT it sends first and its reason code, a close the profile allows, and the client's own
// DISCONNECT with its reason code and properties.
import type { DataTable } from "@cucumber/cucumber";
import type { Packet } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { check } from "../support/harness/assertions.ts";
import { expectBrokerClose, type CloseManner } from "../support/harness/close-manners.ts";
import { brokerCloses, brokerDisconnects, checkDisconnectCode } from "../support/harness/closing.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { disconnectFromRows } from "../support/harness/packet-tables.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

Then("the broker closes the connection of {string}", async function (this: ConformanceWorld, name: string) {
  await brokerCloses(this, name);
});

Then(
  "the broker closes the connection of {string}{closing}",
  async function (this: ConformanceWorld, name: string, manner: CloseManner) {
    await expectBrokerClose(this, name, manner);
  },
);

Then(
  "the broker disconnects {string} with reason code {codes}",
  async function (this: ConformanceWorld, name: string, codes: number[]) {
    await brokerDisconnects(this, name, codes);
  },
);

When("the broker may close the connection of {string} for it", function (this: ConformanceWorld, name: string) {
  this.client(name).allowClose();
});

Then(
  "the broker sent {string} DISCONNECT {codes} before the close",
  function (this: ConformanceWorld, name: string, codes: number[]) {
    const closed = this.client(name).closed;
    if (!closed) throw new Error(`"${name}" is still connected: an earlier step waits for the close`);
    checkDisconnectCode(this, name, closed, codes);
  },
);

/** A DISCONNECT with the fields of the table; the client then waits for the broker to close its side. */
When("{string} disconnects with:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  const { reasonCode, properties } = disconnectFromRows(this, table.raw());
  await this.client(name).disconnect(this.deliveryTimeoutMs, reasonCode, properties);
});

Then(
  "no CONNACK or DISCONNECT {string} received redirects it to another server",
  function (this: ConformanceWorld, name: string) {
    const client = this.client(name);
    // [M5-19] 0x9C Use another server, 0x9D Server moved, and the Server Reference they come with
    const isRedirect = (packet: Packet): boolean =>
      (packet.cmd === "connack" || packet.cmd === "disconnect") &&
      (packet.reasonCode === 0x9c || packet.reasonCode === 0x9d || packet.properties?.serverReference !== undefined);
    const redirects = client.packets.map((raw) => raw.packet).filter(isRedirect);
    const seen = client.packets.filter(
      (raw) => raw.packet.cmd === "connack" || raw.packet.cmd === "disconnect",
    ).length;
    const counted = `${seen} CONNACK/DISCONNECT packets`;
    check(
      seen > 0 && redirects.length === 0,
      client,
      `expected no server redirection, got ${redirects.map(describePacket).join("; ") || counted}`,
    );
  },
);

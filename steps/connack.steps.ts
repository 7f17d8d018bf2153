// Steps about CONNACK: whether it accepts or refuses the connection and with which code, what it
// says about the session, the properties it announces, and the identifiers it assigns.
import type { DataTable } from "@cucumber/cucumber";
import type { IConnackPacket, IPubrecPacket, Packet } from "mqtt-packet";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { isConnack } from "../support/driver/predicates.ts";
import { check, checkConnackAccepted, checkShould, connackCode } from "../support/harness/assertions.ts";
import { Then } from "../support/harness/define-steps.ts";
import { unmetExpectations } from "../support/harness/properties.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

Then("the CONNACK to {string} accepts the connection", function (this: ConformanceWorld, name: string) {
  checkConnackAccepted(this.connack(name), this.client(name));
});

/**
 * A refused connection: the broker must close it, and must not accept it first (MUST). It should
 * say why with a CONNACK carrying one of the codes (a SHOULD or MAY in OASIS: the code of an
 * MQTT 5 client's version, the return code of an MQTT 3.1.1 one).
 */
Then(
  "the broker refuses the connection of {string} with CONNACK {codes}",
  async function (this: ConformanceWorld, name: string, codes: number[]) {
    const client = this.client(name);
    await client.expectClose(this.deliveryTimeoutMs);
    const connack = client.matching(isConnack)[0];
    check(
      connack === undefined || connackCode(connack) !== 0,
      client,
      `expected the connection refused, got ${connack ? describePacket(connack) : "no CONNACK"}`,
    );
    checkShould(
      this,
      connack !== undefined && codes.includes(connackCode(connack)),
      client,
      `expected CONNACK ${codes.map(hexCode).join(" or ")} before the close, ` +
        `got ${connack ? describePacket(connack) : "the close alone"}`,
    );
  },
);

Then(
  "the CONNACK to {string} has these properties:",
  function (this: ConformanceWorld, name: string, table: DataTable) {
    const connack = this.connack(name);
    const unmet = unmetExpectations(this, connack.properties, table.raw());
    check(
      unmet.length === 0,
      this.client(name),
      `expected CONNACK properties:\n    ${unmet.join("\n    ")}\n  in ${describePacket(connack)}`,
    );
  },
);

Then("the CONNACK to {string} says a session is present", function (this: ConformanceWorld, name: string) {
  const connack = this.connack(name);
  check(
    connack.sessionPresent === true,
    this.client(name),
    `expected CONNACK with sessionPresent=1, got ${describePacket(connack)}`,
  );
});

Then("the CONNACK to {string} says no session is present", function (this: ConformanceWorld, name: string) {
  const connack = this.connack(name);
  check(
    connack.sessionPresent === false,
    this.client(name),
    `expected CONNACK with sessionPresent=0, got ${describePacket(connack)}`,
  );
});

Then(
  "the CONNACK to {string} grants a Session Expiry Interval of {int}",
  function (this: ConformanceWorld, name: string, seconds: number) {
    const connack = this.connack(name);
    check(
      connack.properties?.sessionExpiryInterval === seconds,
      this.client(name),
      `expected CONNACK Session Expiry Interval ${seconds}, got ${describePacket(connack)}`,
    );
  },
);

Then("the first packet {string} received is CONNACK", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  await pollUntil(
    `a first packet for "${name}"`,
    () => client.packets.length > 0 || client.closed !== undefined,
    [client],
    this.deliveryTimeoutMs,
  );
  const first = client.packets[0]?.packet;
  check(
    first?.cmd === "connack",
    client,
    `expected CONNACK as the first packet, got ${first ? describePacket(first) : "nothing"}`,
  );
});

/**
 * [M5-13] AWS IoT Core assigns an identifier to a client that sends none; OASIS lets a broker
 * refuse such a client instead (0x85 and close), and then there is nothing to judge.
 */
Then(
  "the CONNACKs to {clients} each assign a different client identifier",
  function (this: ConformanceWorld, names: string[]) {
    const connacks = names.map((name) => this.connacks.get(name));
    const refusedAll = connacks.every((connack) => connack === undefined || connackCode(connack) !== 0);
    if (refusedAll && this.profile === "oasis") {
      const refuses = "refuses an empty client identifier, as OASIS allows";
      throw new NotApplicable(
        `${this.target.descriptor.name} ${refuses}: a broker that accepts one is judged on the identifiers it assigns`,
      );
    }
    const assigned = names.map((name) => {
      const connack: IConnackPacket = this.connack(name);
      checkConnackAccepted(connack, this.client(name));
      const identifier = connack.properties?.assignedClientIdentifier;
      check(
        typeof identifier === "string" && identifier.length > 0,
        this.client(name),
        `expected an Assigned Client Identifier in ${describePacket(connack)}`,
      );
      return identifier;
    });
    check(
      new Set(assigned).size === names.length,
      this.client(names[0]),
      `expected ${names.length} different identifiers, got ${assigned.join(", ")}`,
    );
  },
);

/** [M5-01] every acknowledgement an MQTT 5 client received carries a reason code. */
Then(
  "{string} received CONNACK, PUBACK, SUBACK and UNSUBACK, and any DISCONNECT, each with a reason code",
  function (this: ConformanceWorld, name: string) {
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
    const absent = ["connack", "puback", "suback", "unsuback"].filter(
      (cmd) => !received.some((packet) => packet.cmd === cmd),
    );
    const withoutCode = received.filter((packet) => !carriesCode(packet));
    check(
      absent.length === 0,
      client,
      `expected to have received ${absent.map((cmd) => cmd.toUpperCase()).join(", ")}`,
    );
    check(
      withoutCode.length === 0,
      client,
      `expected a reason code on every acknowledgement, missing on: ${withoutCode.map(describePacket).join("; ")}`,
    );
  },
);

/** [MQTT-3.1.3-6] a broker may refuse an empty client identifier; one that takes it takes each such client apart. */
Then(
  "the CONNACKs to {clients} accept the connection, unless the broker refuses empty client identifiers",
  function (this: ConformanceWorld, names: string[]) {
    const accepted = names
      .map((name) => this.connacks.get(name))
      .filter((connack) => connack !== undefined && connackCode(connack) === 0);
    const refuses = "refuses an empty client identifier, as OASIS allows";
    if (accepted.length === 0)
      throw new NotApplicable(
        `${this.target.descriptor.name} ${refuses}: a broker that accepts one is judged on this scenario`,
      );
    for (const name of names) checkConnackAccepted(this.connack(name), this.client(name));
  },
);

/**
 * [MQTT-3.1.3-9] which client identifiers a broker refuses is its own policy; a refusal is a
 * CONNACK with the code, then the close.
 */
Then(
  "the CONNACK to {string} accepts the connection, or refuses it with {codes} before the close",
  async function (this: ConformanceWorld, name: string, codes: number[]) {
    const client = this.client(name);
    const connack = this.connacks.get(name) ?? client.matching(isConnack)[0];
    if (connack && connackCode(connack) === 0) return;
    await client.expectClose(this.deliveryTimeoutMs);
    check(
      connack !== undefined && codes.includes(connackCode(connack)),
      client,
      `expected the connection accepted, or refused with CONNACK ${codes.map(hexCode).join(" or ")} ` +
        `before the close, got ${connack ? describePacket(connack) : "the close alone"}`,
    );
  },
);

/** [MQTT5-3.2.2-9] a broker that announces no Maximum QoS takes QoS 2; one that announces it says 0 or 1. */
Then(
  "the CONNACK to {string} announces a Maximum QoS of 0 or 1, or takes a QoS 2 PUBLISH with PUBREC 0x00",
  async function (this: ConformanceWorld, name: string) {
    const client = this.client(name);
    const maximum = this.connack(name).properties?.maximumQoS;
    if (maximum !== undefined) {
      check(maximum === 0 || maximum === 1, client, `expected Maximum QoS 0 or 1 when announced, got ${maximum}`);
      return;
    }
    const messageId = client.allocatePacketId();
    client.send({
      cmd: "publish",
      topic: this.topic("qos-2-probe"),
      payload: Buffer.from("probe"),
      qos: 2,
      retain: false,
      dup: false,
      messageId,
    });
    const pubrec = await client.waitFor(
      `PUBREC for packet identifier ${messageId}`,
      (packet): packet is IPubrecPacket => packet.cmd === "pubrec" && packet.messageId === messageId,
      this.deliveryTimeoutMs,
    );
    check(
      (pubrec.reasonCode ?? 0) === 0 || pubrec.reasonCode === 0x10,
      client,
      `expected PUBREC success for a QoS 2 PUBLISH, got ${describePacket(pubrec)}`,
    );
    client.send({ cmd: "pubrel", messageId, reasonCode: 0 });
  },
);

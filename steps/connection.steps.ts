// Steps about connections: connecting, reconnecting, client identifiers, and how connections end.
import { Given, Then, When } from "@cucumber/cucumber";
import type { IConnackPacket, Packet } from "mqtt-packet";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { describePacket } from "../support/driver/describe.ts";
import { check, checkConnackAccepted, connackCode } from "../support/harness/assertions.ts";
import { brokerCloses, brokerDisconnects } from "../support/harness/closing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** Session Expiry Interval a v5 "persistent session" asks for: long enough for any scenario. */
const persistentSessionExpirySeconds = 300;

function persistentFields(version: ProtocolVersion) {
  return version === 5 ? { clean: false, properties: { sessionExpiryInterval: persistentSessionExpirySeconds } } : { clean: false };
}

/** A client identifier of exactly `bytes` bytes, unique to the scenario. */
function clientIdOfBytes(world: ConformanceWorld, name: string, bytes: number): string {
  const base = world.clientId(name);
  return base.length >= bytes ? base.slice(0, bytes) : base + "x".repeat(bytes - base.length);
}

Given("client {string} is connected with MQTT {mqtt}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
  checkConnackAccepted(await this.connect(name, version), this.client(name));
});

Given(
  "client {string} is connected with MQTT {mqtt} and a persistent session",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
    checkConnackAccepted(await this.connect(name, version, persistentFields(version)), this.client(name));
  },
);

When(
  "{string} reconnects with MQTT {mqtt} and its persistent session",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
    checkConnackAccepted(await this.connect(name, version, persistentFields(version)), this.client(name));
  },
);

When("client {string} connects with MQTT {mqtt}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
  await this.connect(name, version);
});

When(
  "client {string} connects with MQTT {mqtt} using the client identifier of {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, other: string) {
    await this.connect(name, version, { clientId: this.clientId(other) });
  },
);

When(
  "client {string} connects with MQTT {mqtt} and a client identifier of {int} bytes",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, bytes: number) {
    await this.connect(name, version, { clientId: clientIdOfBytes(this, name, bytes) });
  },
);

Then("the CONNACK to {string} accepts the connection", function (this: ConformanceWorld, name: string) {
  checkConnackAccepted(this.connack(name), this.client(name));
});

Then("the CONNACK to {string} refuses the client identifier", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const connack = this.connack(name);
  // [MQTT-3.2.2-5] v3 return code 2 "identifier rejected"; v5 0x85 "Client Identifier not valid"
  const expected = client.protocolVersion === 5 ? 0x85 : 0x02;
  check(connackCode(connack) === expected, client, `expected CONNACK code 0x${expected.toString(16)}, got ${describePacket(connack)}`);
  client.closeExpected = true;
  await client.waitForClose(this.deliveryTimeoutMs);
});

Then("the CONNACK to {string} has Maximum QoS {int}", function (this: ConformanceWorld, name: string, maximumQos: number) {
  const connack: IConnackPacket = this.connack(name);
  check(connack.properties?.maximumQoS === maximumQos, this.client(name), `expected CONNACK Maximum QoS ${maximumQos}, got ${describePacket(connack)}`);
});

Then("the first packet {string} received is CONNACK", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const first = client.packets[0]?.packet;
  check(first?.cmd === "connack", client, `expected CONNACK as the first packet, got ${first ? describePacket(first) : "nothing"}`);
});

When("{string} sends CONNECT again", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: client.protocolVersion, clean: true, keepalive: 60, clientId: this.clientId(name), ...this.connectFields(name) });
});

Then("the broker closes the connection of {string}", async function (this: ConformanceWorld, name: string) {
  await brokerCloses(this, name);
});

Then("the broker disconnects {string} with reason code {code}", async function (this: ConformanceWorld, name: string, reasonCode: number) {
  await brokerDisconnects(this, name, reasonCode);
});

Then("{string} still answers PINGREQ", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.send({ cmd: "pingreq" });
  await client.waitFor("PINGRESP", (packet: Packet): packet is Packet => packet.cmd === "pingresp", this.deliveryTimeoutMs);
});

Then("the connection of {string} is either closed or still answers PINGREQ", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.closeExpected = true;
  if (client.closed) return;
  client.send({ cmd: "pingreq" });
  await client.waitFor("PINGRESP or the connection closed", (packet: Packet): packet is Packet => packet.cmd === "pingresp", this.deliveryTimeoutMs).catch((error: Error) => {
    if (!client.closed) throw error;
  });
});

When("{string} drops its connection", function (this: ConformanceWorld, name: string) {
  this.client(name).drop();
});

When("{string} disconnects", async function (this: ConformanceWorld, name: string) {
  await this.client(name).disconnect(this.deliveryTimeoutMs);
});

Given("{names} are connected with MQTT {mqtt}", async function (this: ConformanceWorld, names: string[], version: ProtocolVersion) {
  const connacks = await Promise.all(names.map((name) => this.connect(name, version)));
  connacks.forEach((connack, index) => checkConnackAccepted(connack, this.client(names[index])));
});

When(
  "client {string} connects with MQTT {mqtt} as user {string} with password {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, username: string, password: string) {
    await this.connect(name, version, { username, password: Buffer.from(password) });
  },
);

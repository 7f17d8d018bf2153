// Steps about clients and their connections: connecting (with a version, a session, credentials,
// a keep-alive, CONNECT properties), reconnecting, dropping, staying silent, and what the broker
// does to a connection it keeps or ends.
import type { DataTable } from "@cucumber/cucumber";
import type { IConnectPacket, Packet } from "mqtt-packet";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { connectAccepted, connectMaybeRefused, persistentFields } from "../support/harness/connecting.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { clientIdOfBytes, connectFieldsFromRows } from "../support/harness/packet-tables.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

Given(
  "client(s) {clients} is/are connected with MQTT {mqtt}",
  async function (this: ConformanceWorld, names: string[], version: ProtocolVersion) {
    await Promise.all(names.map((name) => connectAccepted(this, name, version)));
  },
);

Given(
  "client {string} is connected with MQTT {mqtt} and a persistent session",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
    await connectAccepted(this, name, version, persistentFields(version));
  },
);

Given(
  "client {string} is connected with MQTT {mqtt} and these CONNECT fields:",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, table: DataTable) {
    await connectAccepted(this, name, version, connectFieldsFromRows(this, name, table.raw()));
  },
);

When(
  "client {string} connects with MQTT {mqtt} and these CONNECT fields:",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, table: DataTable) {
    await connectMaybeRefused(this, name, version, connectFieldsFromRows(this, name, table.raw()));
  },
);

Given(
  "client {string} is connected with MQTT {mqtt} as user {string} with password {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, username: string, password: string) {
    await connectAccepted(this, name, version, { username, password: Buffer.from(password) });
  },
);

When(
  "{string} reconnects with MQTT {mqtt} and {session}",
  async function (
    this: ConformanceWorld,
    name: string,
    version: ProtocolVersion,
    session: "persistent" | "clean" | "assigned",
  ) {
    // a clean session in MQTT 5: Clean Start=1 and no Session Expiry Interval, the equivalent of
    // cleanSession=1 [SES-05]
    if (session === "clean") return connectAccepted(this, name, version, { clean: true });
    // [MQTT5-3.1.3-7] the identifier the broker assigned names the session, as if the client had chosen it
    const assigned = session === "assigned" ? this.connack(name).properties?.assignedClientIdentifier : undefined;
    if (session === "assigned" && !assigned) throw new Error(`the CONNACK to "${name}" assigned no client identifier`);
    await connectAccepted(this, name, version, {
      ...persistentFields(version),
      ...(assigned ? { clientId: assigned } : {}),
    });
  },
);

When(
  "client {string} connects with MQTT {mqtt}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
    await connectMaybeRefused(this, name, version);
  },
);

When(
  "client {string} connects with MQTT {mqtt} and {keepAlive}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, keepAlive: number | "short") {
    await connectAccepted(this, name, version, { keepalive: keepAlive === "short" ? this.shortKeepAlive : keepAlive });
  },
);

When(
  "client {string} connects with MQTT {mqtt} using the client identifier of {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, other: string) {
    await connectMaybeRefused(this, name, version, { clientId: this.clientId(other) });
  },
);

When(
  "client(s) {clients} connect(s) with MQTT {mqtt} and a client identifier of {int} bytes",
  async function (this: ConformanceWorld, names: string[], version: ProtocolVersion, bytes: number) {
    await Promise.all(
      names.map((name) => connectMaybeRefused(this, name, version, { clientId: clientIdOfBytes(this, name, bytes) })),
    );
  },
);

When(
  "client {string} connects with MQTT {mqtt} as user {string} with password {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, username: string, password: string) {
    await connectMaybeRefused(this, name, version, { username, password: Buffer.from(password) });
  },
);

When(
  "client(s) {clients} open(s) a connection with MQTT {mqtt}",
  async function (this: ConformanceWorld, names: string[], version: ProtocolVersion) {
    for (const name of names) await this.openClient(name, version);
  },
);

When("{string} sends CONNECT again", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.send({
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: client.protocolVersion,
    clean: true,
    keepalive: 60,
    clientId: this.clientId(name),
    ...this.connectFields(name),
  } as IConnectPacket);
});

When("{string} drops its connection", function (this: ConformanceWorld, name: string) {
  this.client(name).drop();
});

When("{string} disconnects", async function (this: ConformanceWorld, name: string) {
  await this.client(name).disconnect(this.deliveryTimeoutMs);
});

/** [MQTT5-3.2.2-22] a client that keeps its keep-alive: PINGREQ every half of it, until the scenario ends. */
When("{string} sends PINGREQ every half keep-alive", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const connect = client.log.entries.find(
    (entry) => entry.direction === "sent" && entry.packet?.cmd === "connect",
  )?.packet;
  const keepAlive =
    this.connack(name).properties?.serverKeepAlive ?? (connect?.cmd === "connect" ? connect.keepalive : 0);
  if (!keepAlive) throw new Error(`"${name}" has no keep-alive to keep`);
  const timer = setInterval(
    () => {
      if (!client.closed) client.send({ cmd: "pingreq" });
    },
    (keepAlive * 1000) / 2,
  );
  this.deferCleanup(() => clearInterval(timer));
});

When("{string} falls silent", function (this: ConformanceWorld, name: string) {
  // the driver never pings on its own: from its last packet on, the client says nothing
  this.client(name).allowClose();
});

Then("{string} still answers PINGREQ", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.send({ cmd: "pingreq" });
  await client.waitFor(
    "PINGRESP",
    (packet: Packet): packet is Packet => packet.cmd === "pingresp",
    this.deliveryTimeoutMs,
  );
});

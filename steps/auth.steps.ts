// Steps about enhanced authentication (MQTT 5 AUTH): a SCRAM-SHA-256 exchange with the broker's
// method and account (its descriptor's `enhancedAuthentication`), with the right or a wrong
// password, stopped half-way, or run again on a live connection.
import type { IAuthPacket, IConnackPacket, Packet } from "mqtt-packet";
import type { MqttTestClient } from "../support/driver/client.ts";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { ScramClient } from "../support/driver/scram.ts";
import { check } from "../support/harness/assertions.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

const isAuth = (packet: Packet): packet is IAuthPacket => packet.cmd === "auth";
const isAuthOrConnack = (packet: Packet): packet is IAuthPacket | IConnackPacket =>
  packet.cmd === "auth" || packet.cmd === "connack";

function methodOf(world: ConformanceWorld): { method: string; username: string; password: string } {
  const method = world.target.descriptor.enhancedAuthentication;
  if (!method)
    throw new NotApplicable(
      `${world.target.descriptor.name}'s descriptor names no enhanced authentication method and account`,
    );
  return method;
}

/** Opens a connection and sends CONNECT with the method and the client-first message; returns the SCRAM state. */
async function startExchange(
  world: ConformanceWorld,
  name: string,
  password: string,
  maximumPacketSize?: number,
): Promise<{ client: MqttTestClient; scram: ScramClient; method: string }> {
  const { method, username } = methodOf(world);
  const client = await world.openClient(name, 5);
  const scram = new ScramClient(username, password);
  const { username: _user, password: _password, ...fields } = world.connectFields(name, {});
  client.send({
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: 5,
    clean: true,
    keepalive: 60,
    ...fields,
    clientId: world.clientId(name),
    properties: {
      authenticationMethod: method,
      authenticationData: scram.first(),
      ...(maximumPacketSize ? { maximumPacketSize } : {}),
    },
  });
  return { client, scram, method };
}

/** Runs the exchange to its end: the broker's AUTH 0x18 answered, then whatever the broker decides. */
async function authenticate(
  world: ConformanceWorld,
  name: string,
  password: string,
  maximumPacketSize?: number,
): Promise<void> {
  const { client, scram } = await startExchange(world, name, password, maximumPacketSize);
  client.allowClose();
  const challenge = await client.waitFor("AUTH or CONNACK", isAuthOrConnack, world.deliveryTimeoutMs);
  if (challenge.cmd === "connack") {
    world.connacks.set(name, challenge);
    return;
  }
  const data = challenge.properties?.authenticationData;
  check(
    data !== undefined,
    client,
    `expected the server-first message in the broker's AUTH, got ${describePacket(challenge)}`,
  );
  client.send({
    cmd: "auth",
    reasonCode: 0x18,
    properties: {
      authenticationMethod: challenge.properties?.authenticationMethod,
      authenticationData: scram.final(data),
    },
  });
  const outcome = await client
    .waitFor("CONNACK", (packet): packet is IConnackPacket => packet.cmd === "connack", world.deliveryTimeoutMs)
    .catch((error: Error) => {
      if (client.closed) return undefined;
      throw error;
    });
  if (!outcome) return;
  world.connacks.set(name, outcome);
  if (outcome.reasonCode === 0) {
    const final = outcome.properties?.authenticationData;
    check(
      final !== undefined && scram.verifies(final),
      client,
      `expected the server-final message proving the broker knows the password, got ${describePacket(outcome)}`,
    );
  }
}

/**
 * A SCRAM exchange with the broker's account: with its password (CONNACK 0x00 expected, and the
 * broker's proof checked), with a wrong one (the broker decides), or stopped at the first AUTH.
 */
Given(
  "client {string} authenticates with MQTT 5 by the broker's enhanced method{exchange}",
  async function (
    this: ConformanceWorld,
    name: string,
    exchange: { password: "right" | "wrong"; stopAtFirstAuth: boolean; maximumPacketSize?: number },
  ) {
    const password = exchange.password === "right" ? methodOf(this).password : `${methodOf(this).password}-wrong`;
    if (exchange.stopAtFirstAuth) {
      const { client } = await startExchange(this, name, password);
      await client.waitFor("AUTH", isAuth, this.deliveryTimeoutMs);
      return;
    }
    await authenticate(this, name, password, exchange.maximumPacketSize);
  },
);

/** [MQTT5-4.12.1-2] re-authentication: AUTH 0x19 with a new exchange whose proof is wrong. */
When("{string} re-authenticates with a wrong password", async function (this: ConformanceWorld, name: string) {
  const { method, username, password } = methodOf(this);
  const client = this.client(name);
  const scram = new ScramClient(username, `${password}-wrong`);
  client.allowClose();
  const before = client.matching(isAuth).length;
  client.send({
    cmd: "auth",
    reasonCode: 0x19,
    properties: { authenticationMethod: method, authenticationData: scram.first() },
  });
  await client.waitFor(
    "AUTH",
    (packet): packet is IAuthPacket => isAuth(packet) && client.matching(isAuth).length > before,
    this.deliveryTimeoutMs,
  );
  const challenge = client.matching(isAuth)[before];
  const data = challenge.properties?.authenticationData;
  if (data)
    client.send({
      cmd: "auth",
      reasonCode: 0x18,
      properties: { authenticationMethod: method, authenticationData: scram.final(data) },
    });
});

Then(
  "the broker's AUTH to {string} has reason code {code}",
  function (this: ConformanceWorld, name: string, code: number) {
    const client = this.client(name);
    const auth = client.matching(isAuth)[0];
    check(auth !== undefined, client, "expected an AUTH from the broker, got none");
    check(auth.reasonCode === code, client, `expected AUTH ${hexCode(code)}, got ${describePacket(auth)}`);
  },
);

/** [MQTT5-4.12.0-5] the method of CONNECT is named in every AUTH and in the CONNACK that accepts. */
Then(
  "every AUTH and the CONNACK {string} received name the method of its CONNECT",
  function (this: ConformanceWorld, name: string) {
    const client = this.client(name);
    const { method } = methodOf(this);
    const packets = client.packets.map((raw) => raw.packet).filter(isAuthOrConnack);
    check(
      packets.some((packet) => packet.cmd === "auth"),
      client,
      "expected an AUTH from the broker, got none",
    );
    const wrong = packets.filter((packet) => packet.properties?.authenticationMethod !== method);
    check(
      wrong.length === 0,
      client,
      `expected Authentication Method ${JSON.stringify(method)} on each, got ${wrong.map(describePacket).join("; ")}`,
    );
  },
);

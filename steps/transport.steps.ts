// Steps about the ways to the broker besides its main address [TRN-01..06] [MQTT-6.0.0-1..4]:
// connecting over TLS (a version, with or without SNI), with a client certificate, over WebSocket
// or the shared TLS port with an ALPN protocol; how the handshake went; WebSocket frames.
import { describePacket } from "../support/driver/describe.ts";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { check, checkConnackAccepted, connackCode } from "../support/harness/assertions.ts";
import {
  addressOf,
  outcomeOf,
  recordOutcome,
  type CertificateChoice,
  type Channel,
} from "../support/harness/channels.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { publishConfirmed } from "../support/harness/publishing.ts";
import { willFields } from "../support/harness/will-fields.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";
import type { ConnectFields } from "../support/driver/client.ts";

/** OpenSSL's error line as a reader wants it: "tlsv1 alert protocol version (alert 70)". */
function tlsFailure(message: string): string {
  const text = message
    .replace(/^cannot reach the broker at \S+: /, "")
    .replace(/^socket error: /, "")
    .split("\n")[0];
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(text)?.[1];
  const alert = /SSL alert number (\d+)/.exec(text)?.[1];
  return reason ? `${reason}${alert ? ` (alert ${alert})` : ""}` : text;
}

/**
 * Connects over the channel and records how it went: a handshake error, a close before CONNACK
 * (TLS 1.3 reports a refused client certificate after the client's side of the handshake), or
 * the CONNACK with what the transport agreed.
 */
async function connectOver(
  world: ConformanceWorld,
  name: string,
  version: ProtocolVersion,
  channel: Channel,
  certificate?: CertificateChoice,
  fields: ConnectFields = {},
): Promise<void> {
  const via = addressOf(world, channel, certificate);
  try {
    const connack = await world.connect(name, version, fields, { via });
    const { tlsVersion, alpnProtocol, subprotocol } = world.client(name).agreed;
    const agreed = [tlsVersion, alpnProtocol && `ALPN ${alpnProtocol}`, subprotocol && `subprotocol ${subprotocol}`]
      .filter(Boolean)
      .join(", ");
    recordOutcome(world, name, {
      refused: false,
      detail: `${describePacket(connack)}${agreed ? ` over ${agreed}` : ""}`,
    });
  } catch (error) {
    const client = world.clients.get(name);
    // the handshake itself failed: the error names the alert
    if (!client || (client.closed === undefined && !world.connacks.has(name))) {
      if (client) throw error;
      recordOutcome(world, name, {
        refused: true,
        detail: `the handshake failed: ${tlsFailure((error as Error).message)}`,
      });
      return;
    }
    client.allowClose();
    const socketError = client.log.entries.find(
      (entry) => entry.direction === "event" && entry.note?.startsWith("socket error"),
    )?.note;
    recordOutcome(world, name, {
      refused: true,
      detail: `the connection was closed before any CONNACK${socketError ? ` (${tlsFailure(socketError)})` : ""}`,
    });
  }
}

Given(
  "client {string} is connected over {channel} with MQTT {mqtt}",
  async function (this: ConformanceWorld, name: string, channel: Channel, version: ProtocolVersion) {
    await connectOver(this, name, version, channel);
    checkConnackAccepted(this.connack(name), this.client(name));
  },
);

Given(
  "client {string} is connected over {channel} with MQTT {mqtt} and a Will of {string} on {string}",
  async function (
    this: ConformanceWorld,
    name: string,
    channel: Channel,
    version: ProtocolVersion,
    payload: string,
    topic: string,
  ) {
    await connectOver(this, name, version, channel, undefined, willFields(this.topic(topic), payload));
    checkConnackAccepted(this.connack(name), this.client(name));
  },
);

When(
  "client {string} connects over {channel} with MQTT {mqtt}",
  async function (this: ConformanceWorld, name: string, channel: Channel, version: ProtocolVersion) {
    await connectOver(this, name, version, channel);
  },
);

When(
  "client {string} connects over {channel} with MQTT {mqtt}{certificate}",
  async function (
    this: ConformanceWorld,
    name: string,
    channel: Channel,
    version: ProtocolVersion,
    certificate: CertificateChoice,
  ) {
    await connectOver(this, name, version, channel, certificate);
  },
);

Then(
  "the broker completes the handshake of {string} and accepts its CONNECT",
  function (this: ConformanceWorld, name: string) {
    const outcome = outcomeOf(this, name);
    const client = this.clients.get(name);
    if (outcome.refused || !client)
      throw new Error(
        `${this.requirementLabel} ${name}: ` +
          `expected the handshake to complete and a CONNACK 0x00, but ${outcome.detail}`,
      );
    check(connackCode(this.connack(name)) === 0, client, `expected CONNACK 0x00, got ${outcome.detail}`);
  },
);

Then("the broker refuses the handshake of {string}", function (this: ConformanceWorld, name: string) {
  const outcome = outcomeOf(this, name);
  const client = this.clients.get(name);
  if (!outcome.refused) {
    const message = `expected the broker to refuse the handshake, but it went through: ${outcome.detail}`;
    if (client) check(false, client, message);
    throw new Error(`${this.requirementLabel} ${name}: ${message}`);
  }
  // what the client saw: the alert, or the close right after the handshake
  this.note(`${this.requirementLabel} ${name}: refused: ${outcome.detail}`);
});

When(
  "{string} publishes {string} to {string} at QoS {int} in {int} pieces",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, pieces: number) {
    await publishConfirmed(this, name, this.topic(topic), payload, qos, { pieces });
  },
);

When(
  "{string} publishes {string} and {string} to {string} at QoS {int} in one write",
  async function (this: ConformanceWorld, name: string, first: string, second: string, topic: string, qos: number) {
    const client = this.client(name);
    const packets = [first, second].map((payload) => ({
      cmd: "publish" as const,
      topic: this.topic(topic),
      payload,
      qos: qos as 0 | 1,
      retain: false,
      dup: false,
      ...(qos > 0 ? { messageId: client.allocatePacketId() } : {}),
    }));
    client.sendTogether(packets);
  },
);

When("{string} sends a WebSocket Close frame", async function (this: ConformanceWorld, name: string) {
  await this.client(name).closeWithFrame(this.deliveryTimeoutMs);
});

When("{string} sends a WebSocket text frame", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const sendText = client.connection.sendText;
  if (!sendText) throw new Error(`"${name}" is not connected over WebSocket`);
  client.log.add({ direction: "event", note: "sent a WebSocket text frame holding a PINGREQ's bytes as text" });
  client.allowClose();
  sendText("\u00c0\u0000");
});

Then(
  "the broker chose the WebSocket subprotocol {string} for {string}",
  function (this: ConformanceWorld, subprotocol: string, name: string) {
    const client = this.client(name);
    check(
      client.agreed.subprotocol === subprotocol,
      client,
      `expected the WebSocket handshake to choose the subprotocol "${subprotocol}", ` +
        `got ${client.agreed.subprotocol ? `"${client.agreed.subprotocol}"` : "none"}`,
    );
  },
);

Then("every WebSocket frame {string} received was binary", function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const textFrames = client.connection.textFramesReceived?.() ?? 0;
  check(textFrames === 0, client, `expected MQTT in binary frames only, got ${textFrames} text frame(s)`);
});

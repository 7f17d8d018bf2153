// Steps about bad input: a client that sends malformed or protocol-violating bytes, how the
// broker ends that connection, and a bystander client that must not notice anything [BAD-12].
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { generate } from "mqtt-packet";
import type { MqttTestClient, ProtocolVersion } from "../support/driver/client.ts";
import * as malformed from "../support/driver/malformed.ts";
import { isPublishOn } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { publishConfirmed } from "../support/harness/publishing.ts";
import { subscribeGranted } from "../support/harness/subscribing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

type Builder = (world: ConformanceWorld, client: MqttTestClient) => Buffer;

/**
 * A CONNECT of an unknown protocol level with a SUBSCRIBE and a PUBLISH behind it in one write: what
 * follows a refused CONNECT must be ignored [MQTT-3.1.4-5].
 */
function refusedLevelThenMore(world: ConformanceWorld, client: MqttTestClient, level: number, version: 4 | 5): Buffer {
  const topic = world.topic("after-refusal");
  const payload = Buffer.from("ignored");
  return Buffer.concat([
    malformed.connectWithProtocolLevel(level, world.clientId(client.name)),
    generate({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic, qos: 0 }] }, { protocolVersion: version }),
    generate({ cmd: "publish", topic, payload, qos: 0, retain: false, dup: false }, { protocolVersion: version }),
  ]);
}

/** The bad packets scenarios name, each built by the driver's builder for the rule it breaks. */
const badPackets: Record<string, Builder> = {
  "a SUBSCRIBE, then a CONNECT": (world, client) =>
    Buffer.concat([
      generate(
        { cmd: "subscribe", messageId: 1, subscriptions: [{ topic: world.topic("early"), qos: 0 }] },
        { protocolVersion: client.protocolVersion },
      ),
      malformed.connectWith(client.protocolVersion, { clientId: world.clientId(client.name) }),
    ]),
  "a CONNECT with protocol level 7": (world, client) =>
    malformed.connectWithProtocolLevel(7, world.clientId(client.name)),
  'a CONNECT with protocol name "MQXX"': (world, client) =>
    malformed.connectWithProtocolName("MQXX", client.protocolVersion, world.clientId(client.name)),
  "a PUBLISH whose Remaining Length has five bytes": () => malformed.remainingLengthOfFiveBytes(),
  "a PUBLISH whose topic is not valid UTF-8": (world) =>
    malformed.publishWithInvalidUtf8Topic(world.topic("bad-"), "x"),
  "a PUBLISH whose topic contains U+0000": (world, client) =>
    malformed.publishWithNullCharacterInTopic(client.protocolVersion, world.topic("bad-"), "x"),
  "a CONNECT whose client identifier is not valid UTF-8": (world, client) =>
    malformed.connectWithInvalidUtf8ClientId(client.protocolVersion, world.clientId(client.name)),
  "a PUBLISH to a topic with a wildcard": (world, client) =>
    generate(
      { cmd: "publish", topic: world.topic("alerts/+"), payload: Buffer.from("x"), qos: 0, retain: false, dup: false },
      { protocolVersion: client.protocolVersion },
    ),
  "a SUBSCRIBE with fixed-header flags 0000": (world, client) =>
    malformed.subscribeWithReservedFlags(client.protocolVersion, 1, world.topic("alerts")),
  "an UNSUBSCRIBE with fixed-header flags 0000": (world, client) =>
    malformed.unsubscribeWithReservedFlags(client.protocolVersion, 1, world.topic("alerts")),
  "a PUBREL with fixed-header flags 0000": () => malformed.pubrelWithReservedFlags(1),
  "a QoS 1 PUBLISH with packet identifier 0": (world, client) =>
    malformed.publishQos1WithPacketIdZero(client.protocolVersion, world.topic("alerts"), "x"),
  "a SUBSCRIBE without a topic filter": (_world, client) =>
    malformed.subscribeWithoutTopicFilter(client.protocolVersion, 1),
  "an UNSUBSCRIBE without a topic filter": (_world, client) =>
    malformed.unsubscribeWithoutTopicFilter(client.protocolVersion, 1),
  "the first half of a PUBLISH": (world, client) =>
    malformed.firstHalfOf(
      generate(
        {
          cmd: "publish",
          topic: world.topic("alerts"),
          payload: Buffer.from("half"),
          qos: 0,
          retain: false,
          dup: false,
        },
        { protocolVersion: client.protocolVersion },
      ),
    ),
  "a CONNECT with the reserved flag set": (world, client) =>
    malformed.connectWithReservedFlag(client.protocolVersion, world.clientId(client.name)),
  "a PUBLISH whose topic encodes a surrogate": (world) =>
    malformed.publishWithSurrogateInTopic(world.topic("bad-"), "x"),
  "a PUBLISH with QoS 3": (world, client) =>
    malformed.publishWithQos3(client.protocolVersion, world.topic("alerts"), "x"),
  "a SUBSCRIBE requesting QoS 3": (world, client) =>
    malformed.subscribeWithRequestedQosByte(client.protocolVersion, 1, world.topic("alerts"), 0x03),
  "a SUBSCRIBE with a reserved bit in its requested QoS": (world, client) =>
    malformed.subscribeWithRequestedQosByte(client.protocolVersion, 1, world.topic("alerts"), 0x41),
  "a PUBLISH to an empty topic": (_world, client) => malformed.publishToEmptyTopic(client.protocolVersion, "x"),
  "a CONNECT with an empty client identifier and CleanSession 0": () =>
    malformed.connectWithEmptyIdentifierKeepingSession(),
  "a SUBSCRIBE to an empty filter": (_world, client) =>
    generate(
      { cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "", qos: 1 }] },
      { protocolVersion: client.protocolVersion },
    ),
  "a SUBSCRIBE to a filter containing U+0000": (world, client) =>
    generate(
      { cmd: "subscribe", messageId: 1, subscriptions: [{ topic: world.topic("a\u0000b"), qos: 0 }] },
      { protocolVersion: client.protocolVersion },
    ),
  "a CONNECT with a password but no user name": (world, client) =>
    malformed.connectWithPasswordWithoutUserName(client.protocolVersion, world.clientId(client.name)),
  "a CONNECT with a Will at QoS 3": (world, client) =>
    malformed.connectWithWillQos3(client.protocolVersion, world.clientId(client.name), world.topic("wills/x")),
  "a CONNECT whose client identifier is cut short": (world, client) =>
    malformed.connectWithTruncatedPayload(client.protocolVersion, world.clientId(client.name)),
  "a packet of type 0": () => malformed.packetOfReservedType(0),
  "a packet of type 15": () => malformed.packetOfReservedType(15),
  'a CONNECT with protocol name "MQTX"': (world, client) =>
    malformed.connectWithProtocolName("MQTX", client.protocolVersion, world.clientId(client.name)),
  "a CONNECT with protocol level 7, a SUBSCRIBE and a PUBLISH in one write": (world, client) =>
    refusedLevelThenMore(world, client, 7, 4),
  "a CONNECT, a PINGREQ and a SUBSCRIBE in one write": (world, client) =>
    Buffer.concat([
      malformed.connectWith(client.protocolVersion, world.connectFields(client.name)),
      generate({ cmd: "pingreq" }, { protocolVersion: client.protocolVersion }),
      generate(
        { cmd: "subscribe", messageId: 1, subscriptions: [{ topic: world.topic("early"), qos: 0 }] },
        { protocolVersion: client.protocolVersion },
      ),
    ]),
  "a CONNECT with protocol level 6": (world, client) =>
    malformed.connectWithProtocolLevel(6, world.clientId(client.name)),
  "a CONNECT without its Property Length": (world, client) =>
    malformed.connectWithoutPropertyLength(world.clientId(client.name)),
  "a CONNECT with a property of identifier 0x7F": (world, client) =>
    malformed.connectWithUnknownProperty(world.clientId(client.name)),
  "a CONNECT with Session Expiry Interval twice": (world, client) =>
    malformed.connectWithSessionExpiryTwice(world.clientId(client.name)),
  "a CONNECT whose Will Properties hold a Session Expiry Interval": (world, client) =>
    malformed.connectWithSessionExpiryInWill(world.clientId(client.name), world.topic("wills/x")),
  "a CONNECT with Receive Maximum 0": (world, client) =>
    malformed.connectWithReceiveMaximumZero(world.clientId(client.name)),
  "a CONNECT with Maximum Packet Size 0": (world, client) =>
    malformed.connectWithMaximumPacketSizeZero(world.clientId(client.name)),
  "a PUBLISH with a user property whose name holds U+0000": (world) =>
    malformed.publishWithNullInUserPropertyName(world.topic("tagged")),
  "a PUBLISH with a user property whose value is not valid UTF-8": (world) =>
    malformed.publishWithInvalidUserPropertyValue(world.topic("tagged")),
  "a PUBLISH whose Response Topic is not valid UTF-8": (world) =>
    malformed.publishWithInvalidResponseTopic(world.topic("requests")),
  "a PUBLISH whose Content Type encodes a surrogate": (world) =>
    malformed.publishWithSurrogateContentType(world.topic("documents")),
  "a SUBSCRIBE with subscription options 0x41": (world) =>
    malformed.subscribeWithOptionsByte(1, world.topic("alerts"), 0x41),
  "a SUBSCRIBE with subscription options 0x81": (world) =>
    malformed.subscribeWithOptionsByte(1, world.topic("alerts"), 0x81),
  "a CONNECT with protocol level 6, a SUBSCRIBE and a PUBLISH in one write": (world, client) =>
    refusedLevelThenMore(world, client, 6, 5),
  "a CONNECT with Will QoS 1 but no Will": (world, client) =>
    malformed.connectWithWillQosWithoutWill(client.protocolVersion, world.clientId(client.name)),
};

function bytesOf(world: ConformanceWorld, client: MqttTestClient, description: string): Buffer {
  const build = badPackets[description];
  if (!build) throw new Error(`no bad packet called "${description}"; known: ${Object.keys(badPackets).join("; ")}`);
  return build(world, client);
}

Given(
  "bystander {string} is connected with MQTT {mqtt} and subscribed to {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, topic: string) {
    await this.connect(name, version);
    await subscribeGranted(this, name, this.topic(topic), 1);
  },
);

When("{string} sends the bytes {bytes}", function (this: ConformanceWorld, name: string, bytes: Buffer) {
  const client = this.client(name);
  client.allowClose(); // bytes sent as they are may well end the connection: a later step says how
  client.sendRaw(bytes, "bytes as written");
});

When("{string} sends {string}", function (this: ConformanceWorld, name: string, description: string) {
  const client = this.client(name);
  client.allowClose(); // the broker is expected to close this connection: a later step says how
  client.sendRaw(bytesOf(this, client, description), description);
});

Then(
  "bystander {string} still receives what is published to {string}",
  async function (this: ConformanceWorld, name: string, topic: string) {
    const client = this.client(name);
    check(!client.closed, client, "expected the bystander's connection to be open");
    await publishConfirmed(this, name, this.topic(topic), "still here", 1);
    await client.waitFor(
      `"still here" on ${JSON.stringify(this.topic(topic))}`,
      isPublishOn(this.topic(topic), "still here"),
      this.deliveryTimeoutMs,
    );
  },
);

// `npm run bench:slow-clients`: how long the reference broker (its own process, default limits:
// connect timeout 10 s) lets a slow client hold a connection. A CONNECT sent one byte per second
// from the moment the connection opens; and, after CONNECT with keep-alive 2 s, a PUBLISH sent one
// byte per second. Prints when the broker closed each connection.
import { generate, type Packet } from "mqtt-packet";
import { spawnReferenceBroker } from "../brokers/reference/src/spawn.ts";
import { benchOptions } from "./unthrottled.ts";
import { connectWith } from "../support/driver/malformed.ts";
import { MqttSocket } from "../support/fuzz/mqtt-socket.ts";

/** Sends one byte now and one a second after that until the broker closes; resolves with the seconds it took. */
async function trickle(client: MqttSocket, bytes: Buffer, since: number): Promise<{ seconds: number; sent: number }> {
  let sent = 0;
  const sendNext = (): void => {
    if (sent < bytes.length && !client.closed) client.sendRaw(bytes.subarray(sent, ++sent));
  };
  const ticker = setInterval(sendNext, 1000);
  sendNext();
  const closed = await client.waitForClose(bytes.length * 1000 + 5000);
  clearInterval(ticker);
  return { seconds: (closed.at - since) / 1000, sent };
}

const broker = await spawnReferenceBroker("aws-iot-core", benchOptions());
try {
  const connect = connectWith(4, { clientId: "trickled-connect" });
  const opened = Date.now();
  const slowConnect = await MqttSocket.open(broker, { protocolVersion: 4 });
  const connectResult = await trickle(slowConnect, connect, opened);
  const answered = slowConnect.packets.some((packet) => packet.cmd === "connack");
  process.stdout.write(
    `CONNECT at 1 byte/s (${connect.length} bytes): closed ${connectResult.seconds.toFixed(2)} s ` +
      `after the connection opened (with the first byte), after ${connectResult.sent} bytes, ` +
      `${answered ? "with" : "without"} CONNACK\n`,
  );

  const client = await MqttSocket.open(broker, { protocolVersion: 4 });
  client.send({
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: 4,
    clean: true,
    keepalive: 2,
    clientId: "trickled-publish",
  });
  await client.waitFor("CONNACK", (packet): packet is Packet => packet.cmd === "connack", 5000);
  const publish = generate({
    cmd: "publish",
    topic: "slow/publish",
    payload: Buffer.alloc(30, 0x61),
    qos: 0,
    retain: false,
    dup: false,
  });
  const started = Date.now();
  const publishResult = await trickle(client, publish, started);
  process.stdout.write(
    `PUBLISH at 1 byte/s after CONNECT with keep-alive 2 s: closed ${publishResult.seconds.toFixed(2)} s ` +
      `after its first byte (1.5 × keep-alive is 3 s), after ${publishResult.sent} of ${publish.length} bytes\n`,
  );
} finally {
  await broker.stop();
}

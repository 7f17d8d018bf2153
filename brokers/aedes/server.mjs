// Aedes as a broker under test: one plain TCP listener, in-memory persistence, a readiness line.
//
// Environment:
//   MQTT_PORT  listener port                                   (default 1883)
//   MQTT_HOST  listener address; 0.0.0.0 for bridged networks  (default 127.0.0.1)
// Ready when stdout says: "aedes 1.2.0 listening on 127.0.0.1:<port>"
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { Aedes } from "aedes";

// aedes's "exports" do not include its package.json, so read it from where npm ci put it.
const { version } = JSON.parse(readFileSync(new URL("./node_modules/aedes/package.json", import.meta.url), "utf8"));
const port = Number(process.env.MQTT_PORT ?? 1883);
const host = process.env.MQTT_HOST ?? "127.0.0.1";
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`aedes-server: MQTT_PORT must be a port number, got '${process.env.MQTT_PORT}'`);
  process.exit(64);
}

const broker = await Aedes.createBroker();
broker.on("client", (client) => console.log(`client connected: ${client.id}`));
broker.on("clientDisconnect", (client) => console.log(`client disconnected: ${client.id}`));
broker.on("clientError", (client, error) => console.log(`client error: ${client.id}: ${error.message}`));
broker.on("connectionError", (client, error) => console.log(`connection error: ${error.message}`));

const server = createServer(broker.handle);
server.on("error", (error) => {
  console.error(`aedes-server: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => console.log(`aedes ${version} listening on ${host}:${port}`));

// As PID 1 in a container, node gets no default signal handling: without these, `docker stop`
// would wait for its timeout and then kill.
function shutdown(signal) {
  console.log(`aedes-server: ${signal}, stopping`);
  setTimeout(() => process.exit(0), 2000).unref();
  server.close();
  broker.close(() => process.exit(0));
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

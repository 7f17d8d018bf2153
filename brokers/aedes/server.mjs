// Aedes as a broker under test: one plain TCP listener, in-memory persistence, a readiness line,
// and the suite's settings applied through Aedes's own options and hooks.
//
// Environment:
//   MQTT_PORT       listener port                                   (default 1883)
//   MQTT_HOST       listener address; 0.0.0.0 for bridged networks  (default 127.0.0.1)
//   AEDES_SETTINGS  the suite's settings as JSON (support/brokers/settings.ts); only those
//                   broker.yaml lists under configuration.settings, anything else is refused
//                   at start                                       (default none)
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

/** CONNACK return codes (MQTT 3.1.1) the authentication hook answers with. */
const badUserNameOrPassword = 4;
const notAuthorized = 5;

/** [MQTT-4.7] whether a topic filter matches a topic; wildcards never match a leading `$`. */
function topicMatches(filter, topic) {
  const filterLevels = filter.split("/");
  const topicLevels = topic.split("/");
  if (topic.startsWith("$") && (filterLevels[0] === "#" || filterLevels[0] === "+")) return false;
  for (const [index, level] of filterLevels.entries()) {
    if (level === "#") return true;
    if (index >= topicLevels.length || (level !== "+" && level !== topicLevels[index])) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** Whether every topic a requested filter can match is matched by an allowed filter. */
function filterWithin(allowed, requested) {
  const allowedLevels = allowed.split("/");
  const requestedLevels = requested.split("/");
  for (const [index, level] of allowedLevels.entries()) {
    if (level === "#") return true;
    const asked = requestedLevels[index];
    if (asked === undefined || asked === "#") return false;
    if (level !== "+" && level !== asked) return false;
  }
  return allowedLevels.length === requestedLevels.length;
}

/** `*` stands for any run of characters; everything else is literal. */
function globMatches(pattern, text) {
  const parts = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`, "s").test(text);
}

function refusal(message, returnCode) {
  return Object.assign(new Error(message), { returnCode });
}

/** The accounts as Aedes hooks: who connects, as which client identifiers, to which topics. */
function accountHooks(accounts) {
  const accountOf = new WeakMap();
  return {
    authenticate(client, username, password, callback) {
      const account = accounts.find(
        (candidate) => candidate.username === username && candidate.password === password?.toString("utf8"),
      );
      if (!account) return callback(refusal("unknown user name or wrong password", badUserNameOrPassword), false);
      if (!(account.clientIds ?? ["*"]).some((pattern) => globMatches(pattern, client.id))) {
        return callback(refusal(`user ${account.username} may not connect as ${client.id}`, notAuthorized), false);
      }
      accountOf.set(client, account);
      callback(null, true);
    },
    authorizePublish(client, packet, callback) {
      if (packet.topic.startsWith("$SYS/")) return callback(new Error("$SYS/ topics are reserved"));
      // a Will the broker publishes for a client it no longer has: the client's account was checked when it connected
      const account = client ? accountOf.get(client) : undefined;
      if (client && !(account?.publish ?? ["#"]).some((filter) => topicMatches(filter, packet.topic))) {
        return callback(new Error(`user ${account?.username} may not publish to ${packet.topic}`));
      }
      callback(null);
    },
    authorizeSubscribe(client, subscription, callback) {
      const account = accountOf.get(client);
      const allowed = (account?.subscribe ?? ["#"]).some((filter) => filterWithin(filter, subscription.topic));
      callback(null, allowed ? subscription : null);
    },
  };
}

/**
 * Aedes options for the suite's settings. Aedes counts topic levels (slashes + 1, at most 100);
 * keepaliveLimit refuses a longer keep-alive (and keep-alive 0) with CONNACK 6; a connection quota
 * is Aedes's documented use of preConnect.
 */
function optionsFor(settings) {
  const { limits = {}, quotas = {}, credentials, ...others } = settings;
  const options = {};
  const applied = new Set();
  const take = (group, name) => {
    applied.add(`${group}.${name}`);
    return group === "limits" ? limits[name] : quotas[name];
  };
  if (limits.maxTopicSlashes !== undefined) options.maxTopicLevels = take("limits", "maxTopicSlashes") + 1;
  if (limits.maxKeepAliveSeconds !== undefined) options.keepaliveLimit = take("limits", "maxKeepAliveSeconds");
  if (limits.connectTimeoutMs !== undefined) options.connectTimeout = take("limits", "connectTimeoutMs");
  if (quotas.maxConnections !== undefined) {
    const maxConnections = take("quotas", "maxConnections");
    // Aedes calls it as broker.preConnect(...): `this` is the broker and its connection count.
    // A refusal without an error would leave the connection open without a CONNACK; with one,
    // Aedes closes it.
    options.preConnect = function preConnect(_client, _packet, callback) {
      if (this.connectedClients < maxConnections) return callback(null, true);
      callback(new Error(`${maxConnections} clients are connected already`), false);
    };
  }
  if (credentials !== undefined) Object.assign(options, accountHooks(credentials));
  const ignored = [
    ...Object.keys(limits).map((name) => `limits.${name}`),
    ...Object.keys(quotas).map((name) => `quotas.${name}`),
    ...Object.keys(others),
  ].filter((path) => !applied.has(path));
  if (ignored.length > 0) throw new Error(`Aedes cannot be given ${ignored.join(", ")}`);
  if (options.maxTopicLevels > 100)
    throw new Error(`Aedes counts at most 100 topic levels, not ${options.maxTopicLevels}`);
  return options;
}

let options;
try {
  options = optionsFor(JSON.parse(process.env.AEDES_SETTINGS || "{}"));
} catch (error) {
  console.error(`aedes-server: AEDES_SETTINGS: ${error.message}`);
  process.exit(64);
}

const broker = await Aedes.createBroker(options);
broker.on("client", (client) => console.log(`client connected: ${client.id}`));
broker.on("clientDisconnect", (client) => console.log(`client disconnected: ${client.id}`));
broker.on("clientError", (client, error) => console.log(`client error: ${client.id}: ${error.message}`));
broker.on("connectionError", (_client, error) => console.log(`connection error: ${error.message}`));

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

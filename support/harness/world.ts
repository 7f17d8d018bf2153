// The scenario's world: the broker under test, the scenario's named clients, and the unique
// client identifiers and topic namespace that let scenarios run in parallel on one broker.
import { randomBytes } from "node:crypto";
import { setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import { isConnack } from "../driver/predicates.ts";
import type { IConnackPacket, ISubackPacket, IUnsubackPacket } from "mqtt-packet";
import { inexpressibleSettings, type Inexpressible } from "../brokers/adapters.ts";
import {
  limitSettingsSchema,
  nameOfSetting,
  settingPaths,
  type BrokerSettings,
  type LimitName,
  type QuotaName,
} from "../brokers/settings.ts";
import { MqttTestClient, type BrokerAddress, type ConnectFields, type ProtocolVersion } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { ExpectationError } from "../driver/expectation-error.ts";
import { startConfiguredBroker, type ConfiguredBroker } from "../targets/configured.ts";
import type { TargetInfo } from "../targets/target.ts";
import type { Endpoints } from "../targets/endpoints.ts";
import { waitUntil } from "./clock.ts";
import { Grants } from "./grants.ts";
import { shortExpirySeconds, shortKeepAliveSeconds, timingSlackMs } from "./timing.ts";
import { readTags, type ScenarioTags } from "./tags.ts";
import { attachmentNames, NotApplicable, NotJudged, Unsupported } from "./verdicts.ts";

/** How a scenario wants its configured broker: one of its own, or shared with others of the same settings. */
export interface ConfigureOptions {
  /** A broker for this scenario alone: one it stops, or whose global counts it relies on. */
  own?: boolean;
  /** Topics and client IDs used as the scenario writes them (a policy or rule names them): implies `own`. */
  namesAsWritten?: boolean;
  /** Settings that only make the scenario quicker: a broker that cannot be given them runs at its own values. */
  optional?: readonly string[];
}

/** How often a client refused for the CONNECT rate tries again [LIM-04]. */
const rateLimitPollMs = 100;

/** One polling interval of a wait towards a deadline (a broker's CONNECT rate window). */
function pollInterval(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, rateLimitPollMs)); // polling interval to a deadline
}

/** [LIM-04] v5 CONNACK 0x9F Connection rate exceeded or 0x97 Quota exceeded; v3 return code 3 Server unavailable. */
function refusedForRate(connack: IConnackPacket, version: ProtocolVersion): boolean {
  return version === 5 ? connack.reasonCode === 0x9f || connack.reasonCode === 0x97 : connack.returnCode === 3;
}

function isAccepted(connack: IConnackPacket): boolean {
  return (connack.reasonCode ?? connack.returnCode ?? 0) === 0;
}

export interface WorldParameters {
  target: TargetInfo;
}

export class ConformanceWorld extends World<WorldParameters> {
  readonly clients = new Map<string, MqttTestClient>();
  /** Earlier connections of a name that reconnected; their logs still go to the report. */
  readonly previousClients: MqttTestClient[] = [];
  /** When the scenario began (epoch milliseconds). */
  readonly startedAt = Date.now();
  /** Unique per scenario: prefixes topics and client identifiers. */
  readonly namespace = `t${randomBytes(4).toString("hex")}`;
  tags: ScenarioTags = { requirements: [], requires: [], versions: [] };
  scenarioName = "";
  /** The last CONNACK, SUBACK and UNSUBACK each client received, for steps that inspect them. */
  readonly connacks = new Map<string, IConnackPacket>();
  readonly subacks = new Map<string, ISubackPacket>();
  readonly unsubacks = new Map<string, IUnsubackPacket>();
  /** Subscriptions each client was granted, for absence claims. */
  readonly grants = new Grants();
  /** The topic a step made up ("a topic of 9 levels"), for "that topic" in later steps. */
  lastTopic = "";
  /** Where clients connect: the shared target, or a broker this scenario configured. */
  address: BrokerAddress;
  /** That broker's listeners besides the main one [TRN-01..06] [API-01..06]. */
  endpoints: Endpoints;
  /** When each client identifier last had a CONNECT accepted, for brokers that limit the rate [LIM-04]. */
  private readonly acceptedAt = new Map<string, number>();
  private configured: ConfiguredBroker | undefined;
  /** False once the scenario's own broker is configured with topics and client IDs as written. */
  private namespaced = true;
  /** Resources a step started for the scenario (an HTTP sink...), released by dispose(). */
  private readonly cleanups: Array<() => Promise<void> | void> = [];

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    // a dry run (step usage, undefined steps) has no target
    const { host, port, transport, path, tls } = this.parameters.target ?? { host: "", port: 0 };
    this.address = { host, port, transport, path, tls };
    this.endpoints = this.parameters.target?.endpoints ?? {};
  }

  get target(): TargetInfo {
    return this.parameters.target;
  }

  get profile() {
    return this.target.profile;
  }

  get quietPeriodMs(): number {
    return this.target.descriptor.timing.quietPeriodMs;
  }

  get deliveryTimeoutMs(): number {
    return this.target.descriptor.timing.deliveryTimeoutMs;
  }

  /** The requirement the running step judges, when the step names one (`Then [M5-06] …`). */
  currentRequirement: string | undefined;

  /** "[QOS-01]" or "[SES-01 SES-07]": starts every assertion message. */
  get requirementLabel(): string {
    return `[${this.currentRequirement ?? (this.tags.requirements.join(" ") || "no requirement")}]`;
  }

  /** Records a SHOULD the broker skipped: shown with the verdict, never a failure. */
  note(text: string): void {
    this.attach(text, { mediaType: "text/plain", fileName: attachmentNames.note });
  }

  /** The version a step means when it names none: the scenario's only version tag. */
  get defaultVersion(): ProtocolVersion {
    return this.tags.versions.length === 1 && this.tags.versions[0] === "5" ? 5 : 4;
  }

  begin(name: string, tags: readonly string[]): void {
    this.scenarioName = name;
    this.tags = readTags(tags);
  }

  /**
   * A topic inside this scenario's namespace; `$` topics keep their first level first, and a
   * shared filter `$share/{ShareName}/{filter}` namespaces its filter (without one it is kept).
   */
  topic(written: string): string {
    // \uXXXX in a scenario's topic stands for that code point (U+FEFF, a combining accent, …)
    const name = written.replace(/\\u([0-9A-Fa-f]{4})/g, (_match, code: string) =>
      String.fromCharCode(Number.parseInt(code, 16)),
    );
    if (!this.namespaced) return name;
    const shared = /^\$share\/([^/]*)\/(.*)$/s.exec(name);
    if (shared) return `$share/${shared[1]}/${this.topic(shared[2])}`;
    if (name.startsWith("$share/")) return name;
    if (name.startsWith("$")) {
      const slash = name.indexOf("/");
      return slash < 0 ? `${name}/${this.namespace}` : `${name.slice(0, slash)}/${this.namespace}${name.slice(slash)}`;
    }
    return `${this.namespace}/${name}`;
  }

  clientId(name: string): string {
    if (!this.namespaced) return name;
    return `${this.namespace}-${name}`;
  }

  /** The client's CONNACK; without one, fails saying how its connection went instead. */
  connack(name: string): IConnackPacket {
    const client = this.client(name);
    // a CONNECT sent as raw bytes is answered too: its CONNACK is the one the client received
    const connack = this.connacks.get(name) ?? client.matching(isConnack)[0];
    if (connack) return connack;
    const closed = client.closed;
    const instead = closed
      ? `the connection was closed by the ${closed.by}` +
        `${closed.disconnect ? ` after ${describePacket(closed.disconnect)}` : ""}`
      : "the connection is still open";
    throw new ExpectationError(`${name}: expected a CONNACK, got none: ${instead}`, client.log);
  }

  suback(name: string): ISubackPacket {
    const suback = this.subacks.get(name);
    if (!suback) throw new Error(`${this.requirementLabel} "${name}" has received no SUBACK`);
    return suback;
  }

  client(name: string): MqttTestClient {
    const client = this.clients.get(name);
    if (!client) throw new Error(`${this.requirementLabel} no client named "${name}" in this scenario`);
    return client;
  }

  /** Opens a TCP connection for a named client, replacing (but keeping the log of) an earlier one. */
  async openClient(
    name: string,
    protocolVersion: ProtocolVersion,
    address: BrokerAddress = this.address,
  ): Promise<MqttTestClient> {
    const client = await MqttTestClient.open(address, {
      name,
      protocolVersion,
      connectTimeoutMs: this.deliveryTimeoutMs,
    });
    const previous = this.clients.get(name);
    if (previous) {
      previous.closeExpected = true;
      this.previousClients.push(previous);
      // a client that withholds its QoS 2 answers goes on withholding them: the scenario answers by hand
      client.autoAnswerQos2 = previous.autoAnswerQos2;
    }
    this.clients.set(name, client);
    return client;
  }

  /** CONNECT fields every client sends: its identifier and the broker's credentials, if any. */
  connectFields(name: string, fields: ConnectFields = {}): ConnectFields {
    const credentials = this.target.descriptor.credentials;
    return {
      clientId: this.clientId(name),
      ...(credentials ? { username: credentials.username, password: Buffer.from(credentials.password) } : {}),
      ...fields,
    };
  }

  /**
   * Opens and connects a client; returns the CONNACK, whatever its code. Where the broker allows a
   * client identifier only so many CONNECTs a second [LIM-04], a CONNECT it refuses for that
   * within the window after the identifier's last accepted one is tried again until the window
   * has passed: a client that waits out a documented rate limit is a correct client.
   * `rateLimited: false` makes one attempt only, for scenarios about that limit; `via` connects
   * elsewhere than the main address (TLS, WebSocket [TRN-01..06]).
   */
  async connect(
    name: string,
    protocolVersion: ProtocolVersion,
    fields: ConnectFields = {},
    { rateLimited = true, via }: { rateLimited?: boolean; via?: BrokerAddress } = {},
  ): Promise<IConnackPacket> {
    const connectFields = this.connectFields(name, fields);
    const clientId = connectFields.clientId ?? "";
    const window = this.connectRateWindowEnd(clientId);
    const deadline = rateLimited && window !== undefined ? window + timingSlackMs : 0;
    for (;;) {
      const client = await this.openClient(name, protocolVersion, via);
      let connack: IConnackPacket;
      try {
        connack = await client.connect(connectFields, this.deliveryTimeoutMs);
      } catch (error) {
        // MQTT 3.1.1: a broker may refuse by closing the connection without CONNACK
        if (!client.closed || Date.now() >= deadline) throw error;
        await pollInterval(); // towards the rate limit's deadline
        continue;
      }
      if (!refusedForRate(connack, protocolVersion) || Date.now() >= deadline) {
        if (isAccepted(connack)) {
          // an assigned identifier [MQTT5-3.2.2-16] is the one the client's next CONNECT names
          this.acceptedAt.set(connack.properties?.assignedClientIdentifier ?? clientId, Date.now());
        }
        this.connacks.set(name, connack);
        return connack;
      }
      client.log.add({
        direction: "event",
        note:
          `refused within the broker's CONNECT rate limit for ${clientId}: ` +
          `trying again until ${deadline - Date.now()} ms from now`,
      });
      await pollInterval(); // towards the rate limit's deadline
    }
  }

  /** When the broker's CONNECT rate [LIM-04] accepts this client identifier again; undefined when it already does. */
  private connectRateWindowEnd(clientId: string): number | undefined {
    const rate = this.limit("connectsPerSecondPerClientId");
    const lastAccepted = this.acceptedAt.get(clientId);
    return typeof rate === "number" && lastAccepted !== undefined ? lastAccepted + 1000 / rate : undefined;
  }

  /**
   * Waits until the broker's CONNECT rate [LIM-04] accepts the client's identifier again (no wait
   * for a broker without one), so that its next CONNECT is answered at once.
   */
  async waitOutConnectRate(name: string): Promise<void> {
    const end = this.connectRateWindowEnd(this.connectFields(name).clientId ?? "");
    if (end !== undefined) await waitUntil(end);
  }

  /** The settings the scenario's broker runs with, as far as it could be given them. */
  private settings: BrokerSettings = {};

  /**
   * Makes the scenario's broker run with these settings. Where the broker can be given them all,
   * a broker with them is started (or one another scenario started is reused). Where it cannot,
   * the scenario adapts: a limit the broker cannot be set to is taken at the broker's own declared
   * value (`limit()` tells it), on a broker started with whatever else could be set. A limit the
   * broker does not have at all is unsupported under a profile that requires it (aws-iot-core
   * documents every one of them) and not applicable under one that does not; a setting that is
   * neither settable nor declared is not applicable, with what would make it judgeable.
   */
  async configureBroker(
    settings: BrokerSettings,
    { own = false, namesAsWritten = false, optional = [] }: ConfigureOptions = {},
  ): Promise<void> {
    const inexpressible = this.inexpressible(settings);
    const adapted = this.adapt(settings, inexpressible, optional);
    if (this.configured) await this.configured.stop();
    this.configured = undefined;
    if (Object.keys(adapted).length > 0 || own || namesAsWritten) {
      this.configured = await startConfiguredBroker(this.target, adapted, { own: own || namesAsWritten });
      this.address = { host: this.configured.host, port: this.configured.port };
      this.endpoints = this.configured.endpoints;
    }
    this.settings = adapted;
    this.namespaced = !namesAsWritten;
  }

  /**
   * The settings this run cannot give the broker: none for the embedded one, all of them for one
   * reached at a URL (the suite does not start it), what its adapter lacks for a container.
   */
  private inexpressible(settings: BrokerSettings): Inexpressible[] {
    const { kind, descriptor } = this.target;
    if (kind === "embedded") return [];
    if (kind === "external")
      return settingPaths(settings).map((path) => ({
        path,
        reason: `${descriptor.name} is reached at a URL: the suite cannot set its ${nameOfSetting(path)}`,
      }));
    return inexpressibleSettings(descriptor, settings);
  }

  /** The settings that can be given; the rest is taken from the broker's declared values, or judged as above. */
  private adapt(
    settings: BrokerSettings,
    inexpressible: readonly Inexpressible[],
    optional: readonly string[],
  ): BrokerSettings {
    if (inexpressible.length === 0) return settings;
    const { descriptor } = this.target;
    const adapted = structuredClone(settings) as Record<string, Record<string, unknown> | unknown>;
    for (const { path, reason } of inexpressible) {
      const [group, key] = path.split(".");
      const declared =
        group === "limits" || group === "quotas" ? descriptor.limits[key as LimitName | QuotaName] : undefined;
      // a broker reached at a URL runs as it runs: a scenario that needs a setting is not judged,
      // unless the setting was only wanted where it can be set and the broker has no such limit
      if (this.target.kind === "external" && !(optional.includes(path) && declared === "none"))
        throw new NotJudged(`${reason}; run it with --broker or --container to judge this scenario`);
      if (declared === "none" && !optional.includes(path)) throw this.lackingLimit(path);
      if (declared === undefined && !optional.includes(path)) {
        const undeclared = `${reason}, and its descriptor declares no value for it`;
        throw new NotApplicable(
          `${undeclared}: ` +
            `declare the broker's own ${nameOfSetting(path)} under \`limits\`, or give its adapter a way to set it`,
        );
      }
      delete (adapted[group] as Record<string, unknown>)[key];
      if (Object.keys(adapted[group] as object).length === 0) delete adapted[group];
    }
    return adapted as BrokerSettings;
  }

  /**
   * A limit or quota the scenario's broker runs with: the value the scenario set, else the
   * broker's declared value; undefined when neither says.
   */
  limit(name: LimitName | QuotaName): number | "none" | undefined {
    const set =
      (this.settings.limits as Record<string, number> | undefined)?.[name] ??
      (this.settings.quotas as Record<string, number> | undefined)?.[name];
    return set ?? this.target.descriptor.limits[name];
  }

  /**
   * An expiry (of a session, a message, a Will's delay) the broker checks in time, and long enough
   * for a client to come back within it: where the broker accepts a client identifier's CONNECT
   * only so often [LIM-04], longer than the wait before its next one is accepted.
   */
  get shortExpiry(): number {
    const rate = this.limit("connectsPerSecondPerClientId");
    const reconnectSeconds = typeof rate === "number" ? Math.ceil((1000 / rate + timingSlackMs) / 1000) : 0;
    return Math.max(shortExpirySeconds(this.target.descriptor), reconnectSeconds);
  }

  /**
   * A keep-alive the broker closes a silent client on soon after (its check interval allows it),
   * and serves as asked: never below the shortest keep-alive it serves [LIM-01].
   */
  get shortKeepAlive(): number {
    const minimum = this.limit("minKeepAliveSeconds");
    return Math.max(shortKeepAliveSeconds(this.target.descriptor), typeof minimum === "number" ? minimum : 0);
  }

  /** A limit the scenario needs as a number: a broker without it is judged as `configureBroker` says. */
  requireLimit(name: LimitName | QuotaName): number {
    const value = this.limit(name);
    if (typeof value === "number") return value;
    const path = name in limitSettingsSchema.shape ? `limits.${name}` : `quotas.${name}`;
    if (value === "none") throw this.lackingLimit(path);
    throw new NotApplicable(
      `${this.target.descriptor.name}'s descriptor declares no ` +
        `${nameOfSetting(path)}: declare it under \`limits\` to judge this scenario`,
    );
  }

  /**
   * The verdict for a broker without a limit: unsupported where the profile documents one
   * (aws-iot-core), else not applicable.
   */
  private lackingLimit(path: string): Error {
    const lacking =
      `${this.target.descriptor.name} has no ` + `${nameOfSetting(path)} limit (its descriptor declares none)`;
    return this.profile === "aws-iot-core"
      ? new Unsupported(`${lacking}; the ${this.profile} profile documents one`)
      : new NotApplicable(`${lacking}; a broker with one is judged on this scenario`);
  }

  /** Registers a release for something a step started; run when the scenario ends. */
  deferCleanup(release: () => Promise<void> | void): void {
    this.cleanups.push(release);
  }

  get configuredBroker(): ConfiguredBroker | undefined {
    return this.configured;
  }

  /** Every connection the scenario opened, earlier ones of a reconnected name included. */
  allClients(): MqttTestClient[] {
    return [...this.previousClients, ...this.clients.values()];
  }

  /** Closes every client and any configured broker. */
  async dispose(): Promise<void> {
    for (const client of this.allClients()) client.dispose();
    if (this.configured) await this.configured.stop();
    this.configured = undefined;
    for (const release of this.cleanups.splice(0).reverse()) await release();
  }
}

setWorldConstructor(ConformanceWorld);

// The scenario's world: the broker under test, the scenario's named clients, and the unique
// client identifiers and topic namespace that let scenarios run in parallel on one broker.
import { randomBytes } from "node:crypto";
import { setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import type { IConnackPacket, ISubackPacket, IUnsubackPacket } from "mqtt-packet";
import type { BrokerOptions } from "../../brokers/reference/src/index.ts";
import { MqttTestClient, type BrokerAddress, type ConnectFields, type ProtocolVersion } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { ExpectationError } from "../driver/expectation-error.ts";
import { startConfiguredBroker, type ConfiguredBroker } from "../targets/configured.ts";
import type { TargetInfo } from "../targets/target.ts";
import { readTags, type ScenarioTags } from "./tags.ts";

export interface WorldParameters {
  target: TargetInfo;
}

export class ConformanceWorld extends World<WorldParameters> {
  readonly clients = new Map<string, MqttTestClient>();
  /** Earlier connections of a name that reconnected; their logs still go to the report. */
  readonly previousClients: MqttTestClient[] = [];
  /** Unique per scenario: prefixes topics and client identifiers. */
  readonly namespace = `t${randomBytes(4).toString("hex")}`;
  tags: ScenarioTags = { requirements: [], requires: [], versions: [] };
  scenarioName = "";
  /** The last CONNACK, SUBACK and UNSUBACK each client received, for steps that inspect them. */
  readonly connacks = new Map<string, IConnackPacket>();
  readonly subacks = new Map<string, ISubackPacket>();
  readonly unsubacks = new Map<string, IUnsubackPacket>();
  /** The topic a step made up ("a topic of 9 levels"), for "that topic" in later steps. */
  lastTopic = "";
  /** Where clients connect: the shared target, or a broker this scenario configured. */
  address: BrokerAddress;
  private configured: ConfiguredBroker | undefined;
  /** False once the scenario's own broker is configured with topics and client IDs as written. */
  private namespaced = true;
  /** Resources a step started for the scenario (an HTTP sink...), released by dispose(). */
  private readonly cleanups: Array<() => Promise<void> | void> = [];

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    const { host, port, transport, path, tls } = this.target;
    this.address = { host, port, transport, path, tls };
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

  /** "[QOS-01]" or "[SES-01 SES-07]": starts every assertion message. */
  get requirementLabel(): string {
    return `[${this.tags.requirements.join(" ") || "no requirement"}]`;
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
  topic(name: string): string {
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
    const connack = this.connacks.get(name);
    if (connack) return connack;
    const client = this.client(name);
    const closed = client.closed;
    const instead = closed ? `the connection was closed by the ${closed.by}${closed.disconnect ? ` after ${describePacket(closed.disconnect)}` : ""}` : "the connection is still open";
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
  async openClient(name: string, protocolVersion: ProtocolVersion): Promise<MqttTestClient> {
    const client = await MqttTestClient.open(this.address, { name, protocolVersion, connectTimeoutMs: this.deliveryTimeoutMs });
    const previous = this.clients.get(name);
    if (previous) {
      previous.closeExpected = true;
      this.previousClients.push(previous);
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

  /** Opens and connects a client; returns the CONNACK, whatever its code. */
  async connect(name: string, protocolVersion: ProtocolVersion, fields: ConnectFields = {}): Promise<IConnackPacket> {
    const client = await this.openClient(name, protocolVersion);
    const connack = await client.connect(this.connectFields(name, fields), this.deliveryTimeoutMs);
    this.connacks.set(name, connack);
    return connack;
  }

  /**
   * Starts a broker of this scenario's own with the configuration it declares. With
   * `namesAsWritten`, topics and client IDs are used as the scenario writes them, so that a
   * configuration naming them (a policy, a rule) means what it says: the broker is private.
   */
  async useConfiguredBroker(options: BrokerOptions, { namesAsWritten = false } = {}): Promise<void> {
    if (this.configured) await this.configured.stop();
    this.configured = await startConfiguredBroker(this.target, options);
    this.address = { host: this.configured.host, port: this.configured.port };
    this.namespaced = !namesAsWritten;
  }

  /** Registers a release for something a step started; run when the scenario ends. */
  deferCleanup(release: () => Promise<void> | void): void {
    this.cleanups.push(release);
  }

  get configuredBroker(): ConfiguredBroker | undefined {
    return this.configured;
  }

  /** Closes every client and any configured broker. */
  async dispose(): Promise<void> {
    for (const client of [...this.previousClients, ...this.clients.values()]) client.dispose();
    if (this.configured) await this.configured.stop();
    this.configured = undefined;
    for (const release of this.cleanups.splice(0).reverse()) await release();
  }
}

setWorldConstructor(ConformanceWorld);

// Broker adapters: how a scenario's settings (support/brokers/settings.ts) reach one broker. The
// descriptor's `configuration` says it: JSON passed through an environment variable (the reference
// broker takes the suite's vocabulary as it is; Aedes applies the subset it lists), or files
// rendered from Mustache templates in the broker's folder (Mosquitto, ejabberd, RabbitMQ), each
// into an environment variable the container's entrypoint writes out. A setting the adapter cannot
// express, or a value outside what the broker accepts, is reported with the reason, never dropped.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Mustache from "mustache";
import type { BrokerDescriptor, ConfigurationSpec } from "./descriptor.ts";
import { brokersDirectory } from "./descriptor.ts";
import { nameOfSetting, settingPaths, type BrokerSettings, type SettingPath } from "./settings.ts";

/** A setting the broker cannot be given, and why. */
export interface Inexpressible {
  path: SettingPath;
  reason: string;
}

export type Rendering =
  | { ok: true; environment: Record<string, string> }
  | { ok: false; inexpressible: Inexpressible[] };

/** The folder holding the broker's files (a variant shares its base broker's). */
function folderOf(descriptor: BrokerDescriptor): string {
  return join(brokersDirectory, descriptor.container?.buildFrom ?? descriptor.name);
}

type Token = [string, string, number, number, Token[]?, number?];

const settingGroups = new Set(["limits", "quotas", "credentials", "policy", "rules", "publishAcknowledgeDelayMs"]);

/**
 * Paths a template names: `{{limits.maxQueuedMessages}}`, and fields inside a list section such
 * as `{{#credentials}}{{username}}{{/credentials}}` (`credentials.username`).
 */
export function templatePaths(template: string): Set<SettingPath> {
  const paths = new Set<SettingPath>();
  const walk = (tokens: Token[], prefix: string): void => {
    for (const [kind, name, , , children] of tokens) {
      if (kind === "text" || kind === "!" || name === ".") continue;
      const absolute = settingGroups.has(name.split(".")[0]);
      const path = prefix && !absolute ? `${prefix}.${name}` : name;
      if (kind === "#" || kind === "^") {
        paths.add(path);
        walk(children ?? [], path);
      } else {
        paths.add(path);
      }
    }
  };
  walk(Mustache.parse(template) as Token[], "");
  return paths;
}

function readTemplate(descriptor: BrokerDescriptor, file: string): string {
  return readFileSync(join(folderOf(descriptor), file), "utf8");
}

/** The settings paths a broker's adapter can express. */
export function expressiblePaths(descriptor: BrokerDescriptor): Set<SettingPath> {
  const configuration = descriptor.configuration;
  if (!configuration) return new Set();
  if (configuration.format === "json") return new Set(configuration.settings);
  const paths = new Set<SettingPath>();
  for (const file of configuration.files ?? [])
    for (const path of templatePaths(readTemplate(descriptor, file.template))) paths.add(path);
  return paths;
}

/** Numbers a setting object holds at a path (`limits.x`: one; `credentials.clientIds`: none, it is a list). */
function valueAt(settings: BrokerSettings, path: SettingPath): unknown {
  const [group, key] = path.split(".");
  const value = (settings as Record<string, unknown>)[group];
  return key === undefined || Array.isArray(value) ? value : (value as Record<string, unknown> | undefined)?.[key];
}

function outOfRange(configuration: ConfigurationSpec, settings: BrokerSettings): Inexpressible[] {
  return Object.entries(configuration.ranges).flatMap(([path, range]) => {
    const value = valueAt(settings, path);
    if (typeof value !== "number") return [];
    if (range && ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max))) {
      return [{ path, reason: `${nameOfSetting(path)} ${value} is outside what the broker accepts: ${range?.why}` }];
    }
    return [];
  });
}

/** What of `settings` the broker cannot be given. */
export function inexpressibleSettings(descriptor: BrokerDescriptor, settings: BrokerSettings): Inexpressible[] {
  const configuration = descriptor.configuration;
  const paths = settingPaths(settings);
  if (!configuration) {
    return paths.map((path) => ({
      path,
      reason: `${descriptor.name}'s descriptor gives the suite no way to configure it`,
    }));
  }
  const expressible = expressiblePaths(descriptor);
  const missing = paths
    .filter((path) => !expressible.has(path))
    .map((path) => ({ path, reason: `${descriptor.name} cannot be configured with ${nameOfSetting(path)}` }));
  return [...missing, ...outOfRange(configuration, settings)];
}

/** Renders the settings into the environment that starts the broker with them. */
export function renderSettings(descriptor: BrokerDescriptor, settings: BrokerSettings): Rendering {
  const inexpressible = inexpressibleSettings(descriptor, settings);
  if (inexpressible.length > 0) return { ok: false, inexpressible };
  const configuration = descriptor.configuration!;
  if (configuration.format === "json")
    return { ok: true, environment: { [configuration.variable!]: JSON.stringify(settings) } };
  const environment: Record<string, string> = {};
  for (const file of configuration.files ?? []) {
    // no HTML escaping: these are configuration files, not web pages
    environment[file.variable] = Mustache.render(
      readTemplate(descriptor, file.template),
      settings,
      {},
      { escape: (text: string) => text },
    );
  }
  return { ok: true, environment };
}

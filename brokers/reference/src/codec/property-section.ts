// Reading an MQTT 5 property section [MQTT-2.2.2] exactly: its length, then properties until that
// length is used up, each value read whole and of its declared type. mqtt-packet's own tables give
// the identifiers and types, so this reader and its codec agree on every property.
import mqttConstants from "mqtt-packet/constants.js";
import { type FrameReader, malformed } from "./frame-reader.ts";

export type UserPropertyPair = readonly [name: string, value: string];
export type PropertyValue = number | string | Buffer | UserPropertyPair;

export interface PropertyEntry {
  /** mqtt-packet's name for the property (`contentType`, `userProperties`, …). */
  name: string;
  value: PropertyValue;
}

const { properties: idByName, propertiesTypes: typeByName } = mqttConstants;
const nameById = new Map(Object.entries(idByName).map(([name, id]) => [id, name]));
export const userPropertyId = idByName.userProperties;

function readValue(section: FrameReader, name: string): PropertyValue {
  switch (typeByName[name]) {
    case "byte":
    case "int8":
      return section.byte(name);
    case "int16":
      return section.uint16(name);
    case "int32":
      return section.uint32(name);
    case "var":
      return section.variableByteInteger(name);
    case "string":
      return section.string(name);
    case "binary":
      return section.binary(name);
    case "pair":
      return [section.string(`the name of a User Property`), section.string(`the value of a User Property`)];
    default:
      throw new Error(`mqtt-packet declares no type for property ${name}`);
  }
}

/** Reads the property section at the reader's position; the reader moves past it. */
export function readPropertySection(reader: FrameReader, what: string): PropertyEntry[] {
  const length = reader.variableByteInteger(`the Property Length of ${what}`);
  const section = reader.section(length, `the properties of ${what}`);
  const entries: PropertyEntry[] = [];
  while (section.remaining > 0) {
    const id = section.variableByteInteger("a property identifier");
    const name = nameById.get(id);
    if (name === undefined)
      throw malformed(`unknown property identifier 0x${id.toString(16).padStart(2, "0")} in ${what}`);
    entries.push({ name, value: readValue(section, name) });
  }
  return entries;
}

/**
 * The properties as mqtt-packet's types hold them: Byte properties as booleans, User Properties
 * folded by name (a repeated name gets an array). Undefined when there are none. Entries have
 * passed checkClientProperties, so no other property repeats.
 */
export function propertiesObject(entries: readonly PropertyEntry[]): Record<string, unknown> | undefined {
  if (entries.length === 0) return undefined;
  const properties: Record<string, unknown> = {};
  for (const { name, value } of entries) {
    if (name === "userProperties") {
      const [key, text] = value as UserPropertyPair;
      const folded = (properties.userProperties ??= {}) as Record<string, string | string[]>;
      const held = folded[key];
      folded[key] = held === undefined ? text : Array.isArray(held) ? [...held, text] : [held, text];
    } else {
      properties[name] = typeByName[name] === "byte" ? value !== 0 : value;
    }
  }
  return properties;
}

/** The User Property pairs among the entries, in wire order [M5-12]. */
export function userPropertyPairs(entries: readonly PropertyEntry[]): UserPropertyPair[] {
  return entries.filter((entry) => entry.name === "userProperties").map((entry) => entry.value as UserPropertyPair);
}

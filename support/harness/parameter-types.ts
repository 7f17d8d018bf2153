// Parameter types the steps share: an MQTT version as written in Gherkin ("3.1.1", "5"), a
// reason code in hex ("0x8E"), and a list of client names.
import { defineParameterType } from "@cucumber/cucumber";
import type { ProtocolVersion } from "../driver/client.ts";

defineParameterType({
  name: "mqtt",
  regexp: /3\.1\.1|5/,
  transformer: (text: string): ProtocolVersion => (text === "5" ? 5 : 4),
});

defineParameterType({
  name: "code",
  regexp: /0x[0-9A-Fa-f]{2}/,
  transformer: (text: string): number => Number.parseInt(text.slice(2), 16),
});

/** Two or more client names: `"worker-1", "worker-2" and "worker-3"`. */
defineParameterType({
  name: "names",
  regexp: /"[^"]+"(?:, "[^"]+")* and "[^"]+"/,
  transformer: (text: string): string[] => [...text.matchAll(/"([^"]+)"/g)].map((match) => match[1]),
});

/** One reason code or several allowed: "0x95" or "0x95 or 0x81". */
defineParameterType({
  name: "codes",
  regexp: /0x[0-9A-Fa-f]{2}(?: or 0x[0-9A-Fa-f]{2})*/,
  transformer: (text: string): number[] => text.split(" or ").map((code) => Number.parseInt(code.slice(2), 16)),
});

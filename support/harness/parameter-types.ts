// Parameter types the steps share: an MQTT version as written in Gherkin ("3.1.1", "5") and a
// reason code in hex ("0x8E").
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

// How requirement IDs look wherever the suite reads them: tags, step prefixes, failure labels.
// AWS catalogue IDs (`RET-06`), OASIS MQTT 3.1.1 statements (`MQTT-3.1.2-24`) and OASIS MQTT 5.0
// statements (`MQTT5-3.1.2-24`: the two specifications reuse numbers for different statements).
export const requirementIdPattern = /[A-Z][A-Z0-9]*-\d{2}|MQTT5?-\d+(?:\.\d+)*-\d+/;

export function isRequirementId(text: string): boolean {
  return new RegExp(`^(?:${requirementIdPattern.source})$`).test(text);
}

// Types for the parts of mqtt-packet's internals the project uses: its table of property
// identifiers and types, and its Variable Byte Integer writer.
declare module "mqtt-packet/constants.js" {
  const constants: {
    properties: Record<string, number>;
    propertiesTypes: Record<string, string>;
  };
  export default constants;
}

declare module "mqtt-packet/numbers.js" {
  /** The bytes of a Variable Byte Integer [MQTT-1.5.5] (empty above 268,435,455). */
  export function genBufVariableByteInt(value: number): Buffer;
}

// Types for the part of mqtt-packet's constants table the user-property reader uses.
declare module "mqtt-packet/constants.js" {
  const constants: {
    properties: Record<string, number>;
    propertiesTypes: Record<string, string>;
  };
  export default constants;
}

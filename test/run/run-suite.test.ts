// Which scenarios a run leaves out before they start: those of the other profile, and the MQTT 3.1.1
// stand-ins of mixed-version scenarios on a broker that speaks MQTT 5.
import { describe, expect, it } from "vitest";
import { scenarioTagExpression } from "../../support/run/run-suite.ts";

describe("scenarioTagExpression", () => {
  it("leaves out the other profile and, on an MQTT 5 broker, the MQTT 3.1.1 stand-ins", () => {
    expect(scenarioTagExpression("aws-iot-core", ["3.1.1", "5"])).toBe("not (@profile:oasis) and not @without-mqtt5");
  });

  it("keeps the stand-ins for a broker without MQTT 5", () => {
    expect(scenarioTagExpression("oasis", ["3.1.1"])).toBe("not (@profile:aws-iot-core)");
  });

  it("ands the user's own expression", () => {
    expect(scenarioTagExpression("oasis", ["5"], "@req:RET-06")).toBe(
      "not (@profile:aws-iot-core) and not @without-mqtt5 and (@req:RET-06)",
    );
  });
});

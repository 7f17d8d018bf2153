// The chi-square helpers behind the shared-subscription distribution check [SHR-04].
import { describe, expect, it } from "vitest";
import { chiSquareAgainstUniform, chiSquareSurvival } from "../../support/harness/statistics.ts";

describe("chi-square against a uniform split", () => {
  it.each([
    [[100, 100, 100], 0],
    [[90, 100, 110], 2],
    [[150, 75, 75], 37.5],
  ])("%j gives %f", (observed, statistic) => {
    expect(chiSquareAgainstUniform(observed)).toBeCloseTo(statistic, 10);
  });

  it.each([
    [13.8155, 2, 0.001],
    [5.9915, 2, 0.05],
    [18.4668, 4, 0.001],
  ])("the survival of %f with %i degrees of freedom is %f", (x, degreesOfFreedom, alpha) => {
    expect(chiSquareSurvival(x, degreesOfFreedom)).toBeCloseTo(alpha, 5);
  });

  it("refuses odd degrees of freedom", () => {
    expect(() => chiSquareSurvival(3, 3)).toThrow(RangeError);
  });
});

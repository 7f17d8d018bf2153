// Pearson's chi-square test against a uniform split, for checking that a random distribution
// does not look skewed [SHR-04]. The scenario states its critical value; the step checks that
// value really belongs to the stated significance level.

/** Sum over categories of (observed - expected)² / expected, with equal expected counts. */
export function chiSquareAgainstUniform(observed: readonly number[]): number {
  const total = observed.reduce((sum, count) => sum + count, 0);
  const expected = total / observed.length;
  return observed.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/**
 * P(X ≥ x) for a chi-square variable with an even number of degrees of freedom, in closed form:
 * e^(-x/2) · Σ_{i < df/2} (x/2)^i / i!.
 */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (degreesOfFreedom <= 0 || degreesOfFreedom % 2 !== 0)
    throw new RangeError("only even degrees of freedom have the closed form used here");
  const half = x / 2;
  let term = 1;
  let sum = 1;
  for (let index = 1; index < degreesOfFreedom / 2; index++) {
    term *= half / index;
    sum += term;
  }
  return Math.exp(-half) * sum;
}

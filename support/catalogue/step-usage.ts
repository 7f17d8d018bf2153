// How often each step definition is used by the features: a definition matched by only one step
// line is a one-off, and a suite made of one-offs is hard to read and to keep. Counted over the
// lines of the feature files (an Outline's step counts once), with Cucumber's own matching.
import { loadConfiguration, loadSupport } from "@cucumber/cucumber/api";
import { projectRoot } from "../run/run-suite.ts";
import { loadScenarios } from "./scenarios.ts";

export interface StepUsage {
  pattern: string;
  /** Step lines of the features this definition matches. */
  uses: number;
}

/** The prefix a definition gets for its requirement-tagged twin (support/harness/define-steps.ts). */
const requirementPrefix = "[{requirement}] ";

export async function stepUsage(cwd = projectRoot): Promise<StepUsage[]> {
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: { paths: ["features/**/*.feature"], import: ["support/harness/**/*.ts", "steps/**/*.ts"] },
    },
    { cwd },
  );
  // the library's public type leaves out its step definitions, which Cucumber matches steps with
  const support = (await loadSupport(runConfiguration, { cwd })) as unknown as {
    stepDefinitions: Array<{ pattern: string | RegExp; matchesStepName(text: string): boolean }>;
  };
  const lines = new Map<string, Set<string>>();
  for (const definition of support.stepDefinitions)
    lines.set(definition.pattern.toString().replace(requirementPrefix, ""), new Set());
  for (const scenario of loadScenarios()) {
    for (const step of scenario.steps) {
      const where = `${scenario.uri}:${step.astNodeId}`;
      for (const definition of support.stepDefinitions) {
        if (definition.matchesStepName(step.text))
          lines.get(definition.pattern.toString().replace(requirementPrefix, ""))!.add(where);
      }
    }
  }
  return [...lines].map(([pattern, used]) => ({ pattern, uses: used.size }));
}

// run as a script (node --import tsx support/catalogue/step-usage.ts): the usage as JSON, for the
// tests, which cannot load the step files in their own module system
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await stepUsage()));
}

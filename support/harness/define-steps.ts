// Step definitions that know which requirement they judge. Every step may be written with the
// requirement it checks in front: `Then [M5-06] "subscriber" receives …`. A failure of that step
// is then charged to M5-06 alone, and a scenario that checks several requirements judges each by
// its own steps: one that never ran is not judged by that scenario. Step files import Given,
// When and Then from here; each definition is registered twice, with and without the prefix.
import { defineParameterType, Given as given, Then as then, When as when } from "@cucumber/cucumber";
import { requirementIdPattern } from "../catalogue/ids.ts";
import type { ConformanceWorld } from "./world.ts";

defineParameterType({ name: "requirement", regexp: requirementIdPattern, transformer: (text: string) => text });

/** Marks an error as a failure of one requirement, for the wrapper that labels it (hooks.ts). */
export interface AttributedError extends Error {
  requirements?: string[];
}

type StepFunction = (this: ConformanceWorld, ...args: never[]) => unknown;
type Register = (pattern: string, fn: StepFunction) => void;

function attributed(register: (pattern: string, fn: (...args: never[]) => unknown) => void): Register {
  return (pattern, fn) => {
    register(pattern, fn);
    const prefixed = async function (this: ConformanceWorld, requirement: string, ...args: never[]) {
      this.currentRequirement = requirement;
      try {
        return await fn.apply(this, args);
      } catch (error) {
        if (error instanceof Error) (error as AttributedError).requirements = [requirement];
        throw error;
      }
    };
    // Cucumber checks a definition's arity against the step's arguments (a table or doc string counts)
    Object.defineProperty(prefixed, "length", { value: fn.length + 1 });
    register(`[{requirement}] ${pattern}`, prefixed as never);
  };
}

export const Given = attributed(given as never);
export const When = attributed(when as never);
export const Then = attributed(then as never);

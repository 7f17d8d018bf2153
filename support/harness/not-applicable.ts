// How a "not applicable" verdict travels from the scenario to the results: a text attachment
// with this file name carries the reason (the capability or version the broker lacks, or what a
// step found the broker does not do at all).
import type { World } from "@cucumber/cucumber";

export const notApplicableAttachment = "not-applicable";

/** Records why the broker cannot be judged on this scenario; return the result from the hook or step. */
export function notApplicable(world: World, reason: string): "skipped" {
  world.attach(reason, { mediaType: "text/plain", fileName: notApplicableAttachment });
  return "skipped";
}

// Steps about time passing that the broker counts (a retained message's or a Will's expiry).
import { letTimePass } from "../support/harness/clock.ts";
import { When } from "../support/harness/define-steps.ts";
import { expiryWindow } from "../support/harness/timing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When("the short expiry passes", async function (this: ConformanceWorld) {
  await letTimePass(expiryWindow(this.target.descriptor, this.shortExpiry).latestMs / 1000);
});

// Steps about time passing, for expiries the broker counts (retained messages, Wills).
import { When } from "@cucumber/cucumber";
import { letTimePass } from "../support/harness/clock.ts";

When("{float} seconds go by", async function (seconds: number) {
  await letTimePass(seconds);
});

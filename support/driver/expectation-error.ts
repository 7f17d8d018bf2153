// A failed expectation about what the broker did: the message says what was expected, and the
// full packet logs of the clients involved follow, decoded, with times. Named "AssertionError"
// so that reports (Allure) file it as a broker deviation, not as an error of the suite.
import type { PacketLog } from "./packet-log.ts";

export class ExpectationError extends Error {
  readonly logs: readonly PacketLog[];

  constructor(
    readonly expectation: string,
    ...logs: PacketLog[]
  ) {
    super([expectation, ...logs.map((log) => log.format())].join("\n"));
    this.logs = logs;
    this.name = "AssertionError";
  }
}

// A failed expectation about what the broker sent: the message says what was expected and the
// client's full packet log follows, decoded, with times.
import type { PacketLog } from "./packet-log.ts";

export class ExpectationError extends Error {
  constructor(
    readonly expectation: string,
    readonly log: PacketLog,
  ) {
    super(`${expectation}\n${log.format()}`);
    this.name = "ExpectationError";
  }
}

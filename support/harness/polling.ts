// Waiting for a condition over several clients at once (what they received between them), by
// polling it to a deadline: the bounded wait for conditions no single packet satisfies.
import type { MqttTestClient } from "../driver/client.ts";
import { ExpectationError } from "../driver/expectation-error.ts";

const pollIntervalMs = 10;

/** Resolves when `condition` holds; fails after `timeoutMs` with the logs of the clients involved. */
export async function pollUntil(
  description: string,
  condition: () => boolean,
  clients: readonly MqttTestClient[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) {
      throw new ExpectationError(
        `expected ${description} within ${timeoutMs} ms`,
        ...clients.map((client) => client.log),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs)); // polling interval, not a fixed wait
  }
}

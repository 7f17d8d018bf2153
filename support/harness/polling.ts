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
  /**
   * For a wait on many packets: how many have come so far. While the count grows the deadline
   * moves on, so a broker that delivers steadily but slowly is not cut off; the wait fails once
   * nothing new came for `timeoutMs`.
   */
  progress?: () => number,
): Promise<void> {
  let deadline = Date.now() + timeoutMs;
  let seen = progress?.() ?? 0;
  while (!condition()) {
    const now = progress?.() ?? 0;
    if (now > seen) {
      seen = now;
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() >= deadline) {
      const quiet = progress ? ` (nothing new for ${timeoutMs} ms after ${seen})` : "";
      throw new ExpectationError(
        `expected ${description} within ${timeoutMs} ms${quiet}`,
        ...clients.map((client) => client.log),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs)); // polling interval, not a fixed wait
  }
}

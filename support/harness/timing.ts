// The timings a broker can honour, and the windows its timers must act within. A scenario asks
// for a keep-alive or an expiry the broker can check in time (its descriptor declares how often it
// checks), then holds it to both bounds: not before the interval has run out, and no later than
// the interval plus the broker's check interval plus a fixed slack for loopback and scheduling.
// Nothing here waits more than `longestWaitMs`.
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import { NotApplicable } from "./verdicts.ts";

/** Loopback delivery and timer scheduling on a busy machine: how late a punctual broker may look. */
export const timingSlackMs = 500;
/** Timers may fire a little early; earlier than this is not a timer of the right length. */
export const earlyToleranceMs = 100;
/** No scenario waits longer than this for one timer. */
export const longestWaitMs = 60_000;

export interface Window {
  earliestMs: number;
  latestMs: number;
}

/** Whole seconds, at least 1, in which a broker checking every `checkIntervalMs` can act on time. */
function honourable(checkIntervalMs: number): number {
  return Math.max(1, Math.ceil((2 * checkIntervalMs) / 1000));
}

/** A keep-alive, in seconds, the broker checks often enough to close a silent client near 1.5 x. */
export function shortKeepAliveSeconds(descriptor: BrokerDescriptor): number {
  return honourable(descriptor.timing.keepAliveCheckIntervalMs);
}

/** An expiry interval (session, message, Will delay), in seconds, the broker checks often enough. */
export function shortExpirySeconds(descriptor: BrokerDescriptor): number {
  return honourable(descriptor.timing.expiryCheckIntervalMs);
}

/** [MQTT-3.1.2-24] a client silent for 1.5 x its keep-alive is closed then: not before, not much after. */
export function keepAliveCloseWindow(descriptor: BrokerDescriptor, keepAliveSeconds: number): Window {
  const dueMs = keepAliveSeconds * 1500;
  return bounded({
    earliestMs: dueMs - earlyToleranceMs,
    latestMs: dueMs + descriptor.timing.keepAliveCheckIntervalMs + timingSlackMs,
  });
}

/** [BAD-10] a connection without a complete CONNECT is closed at the connect timeout: not before, not much after. */
export function connectTimeoutWindow(descriptor: BrokerDescriptor, timeoutMs: number): Window {
  return bounded({
    earliestMs: timeoutMs - earlyToleranceMs,
    latestMs: timeoutMs + descriptor.timing.keepAliveCheckIntervalMs + timingSlackMs,
  });
}

/** When something due after `seconds` (an expiry, a Will delay) must have happened. */
export function expiryWindow(descriptor: BrokerDescriptor, seconds: number): Window {
  const dueMs = seconds * 1000;
  return bounded({
    earliestMs: dueMs - earlyToleranceMs,
    latestMs: dueMs + descriptor.timing.expiryCheckIntervalMs + timingSlackMs,
  });
}

function bounded(window: Window): Window {
  if (window.latestMs > longestWaitMs) {
    const judged = "a broker that can be set to a shorter interval is judged on this scenario";
    throw new NotApplicable(
      `the broker's timer would be judged only ${(window.latestMs / 1000).toFixed(0)} s on, ` +
        `longer than a scenario waits (${longestWaitMs / 1000} s); ${judged}`,
    );
  }
  return window;
}

/** "between 1.4 s and 2.0 s" */
export function describeWindow(window: Window): string {
  return `between ${(window.earliestMs / 1000).toFixed(1)} s and ${(window.latestMs / 1000).toFixed(1)} s`;
}

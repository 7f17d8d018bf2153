// The two fixed waits the suite allows. A quiet period: an absence check listens that long for
// what must not come. Letting time pass that the broker is meant to count (a session, message or
// Will expiry): what it waits for cannot be observed without disturbing it (reconnecting to see
// whether a session has expired would resume it), or a broker's CONNECT rate window [LIM-04] that
// a scenario must not spend inside an expiry it is timing. Every other wait polls to a deadline.
export function waitQuietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms)); // quiet period for an absence check
}

export function letTimePass(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000)); // waiting out an expiry
}

/** Waits until `at` (epoch milliseconds), for an expiry counted from an earlier moment. */
export function waitUntil(at: number): Promise<void> {
  return letTimePass(Math.max(0, at - Date.now()) / 1000);
}

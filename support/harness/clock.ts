// Letting time pass that the broker is meant to count: a session, message or Will expiry. Besides
// the quiet period of an absence check, this is the only fixed wait the suite allows, because
// what it waits for cannot be observed without disturbing it (reconnecting to see whether a
// session has expired would resume it). Scenarios keep these waits short: intervals of 1 s.
export function letTimePass(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000)); // waiting out an expiry
}

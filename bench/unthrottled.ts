// The benchmarks measure the reference broker's own speed and memory, beside brokers that have no
// such limits: AWS IoT Core's deliberate throttles, on by default under aws-iot-core (throughput
// held to 512 KiB/s per connection [LIM-05], one CONNECT a second per client identifier [LIM-04],
// a shortest keep-alive of 30 s [LIM-01]), are lifted, or they would measure the throttle.
import type { BrokerOptions } from "../brokers/reference/src/index.ts";

export const awsThrottlesLifted = {
  minKeepAliveSeconds: 1,
  connectsPerSecondPerClientId: 1_000_000,
  maxBytesPerSecondPerConnection: 1024 * 1024 * 1024,
} satisfies NonNullable<BrokerOptions["limits"]>;

/** The options a benchmark starts the reference broker with: `options`, throttles lifted. */
export function benchOptions(options: BrokerOptions = {}): BrokerOptions {
  return { ...options, limits: { ...awsThrottlesLifted, ...options.limits } };
}

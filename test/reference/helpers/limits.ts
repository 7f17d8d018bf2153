// AWS IoT Core's message-broker limits [LIM-01] [LIM-04] [LIM-05] are on under the aws-iot-core
// profile by default. Tests about something else (takeover, keep-alive, flow control) lift them,
// so a quick reconnect, a 1 s keep-alive or a flood is not refused, raised or throttled by them.
export const awsLimitsLifted = {
  minKeepAliveSeconds: 1,
  connectsPerSecondPerClientId: 1000,
  maxBytesPerSecondPerConnection: 1024 * 1024 * 1024,
} as const;

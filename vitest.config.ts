import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // these need a Docker engine: `npm run test:brokers` runs them (vitest.containers.config.ts)
    exclude: ["test/containers/**", "**/node_modules/**"],
    testTimeout: 15_000,
  },
});

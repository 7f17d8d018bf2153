// Tests that need a Docker engine: run by `npm run test:brokers`, not by `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/containers/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});

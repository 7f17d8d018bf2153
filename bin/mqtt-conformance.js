#!/usr/bin/env node
// Entry point of `npx mqtt-conformance`. Installed from the package, it runs the compiled
// JavaScript in dist/. In a clone of the repository it runs the TypeScript sources as they are:
// it loads tsx (a development dependency), also in the worker processes Cucumber forks.
import { existsSync } from "node:fs";

const sources = new URL("../cli/main.ts", import.meta.url);
if (existsSync(sources)) {
  const tsx = import.meta.resolve("tsx");
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${tsx}`.trim();
  await import(tsx);
  await import(sources.href);
} else {
  await import(new URL("../dist/cli/main.js", import.meta.url).href);
}

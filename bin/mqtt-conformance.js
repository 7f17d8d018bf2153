#!/usr/bin/env node
// Entry point of `npx mqtt-conformance`: loads tsx so the TypeScript sources run as they are,
// also in the worker processes Cucumber forks, then hands over to the CLI.
const tsx = import.meta.resolve("tsx");
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${tsx}`.trim();
await import(tsx);
await import("../cli/main.ts");

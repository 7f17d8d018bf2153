#!/usr/bin/env node
// Builds what the npm package ships under dist/: the TypeScript compiled to JavaScript with the
// repository's layout kept (dist/cli, dist/support, dist/steps, dist/brokers/*/src), so every
// path a module finds relative to itself still holds, beside the files the commands read at run
// time: the features, the catalogue, the broker folders (descriptors, Dockerfiles, templates,
// expected verdicts), the docker scripts and the compare sentences. The reference broker's image
// bundle is built here too, because the package has no esbuild and no TypeScript sources.
// Run by `npm run build`, and by `npm pack` / `npm publish` through prepack.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(repo, "dist");
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
execFileSync(join(repo, "node_modules", ".bin", "tsc"), ["-p", join(repo, "tsconfig.build.json")], { stdio: "inherit" });

/** Copies a folder into dist, keeping modes (scripts stay executable), leaving out what `skip` names. */
function copy(folder, skip = () => false) {
  cpSync(join(repo, folder), join(dist, folder), {
    recursive: true,
    filter: (source) => !skip(relative(join(repo, folder), source), statSync(source)),
  });
}

copy("features");
copy("catalogue");
copy("scripts/docker");
copy("support", (path, stat) => !stat.isDirectory() && !path.endsWith(".yaml"));
// broker folders without their TypeScript sources (compiled above) or what an image build leaves
copy("brokers", (path) => /(^|\/)(node_modules|image)(\/|$)/.test(path) || /(^|\/)src(\/|$)/.test(path) || path.endsWith(".ts") || path.endsWith("prepare-image.sh"));

// the reference broker's image takes one bundled module; a clone bundles it when building the image
const reference = join(repo, "brokers", "reference");
execFileSync(join(reference, "prepare-image.sh"), { stdio: "inherit" });
mkdirSync(join(dist, "brokers", "reference", "image"), { recursive: true });
cpSync(join(reference, "image", "reference-broker.mjs"), join(dist, "brokers", "reference", "image", "reference-broker.mjs"));

const count = (folder) => readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => sum + (entry.isDirectory() ? count(join(folder, entry.name)) : 1), 0);
if (!existsSync(join(dist, "cli", "main.js"))) throw new Error("dist/cli/main.js was not built");
process.stdout.write(`build-package: dist/ holds ${count(dist)} files (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

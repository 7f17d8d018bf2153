#!/usr/bin/env node
// Builds what runs from JavaScript under dist/: every TypeScript source transpiled one file to one
// file with esbuild (types are checked by `npm run typecheck`, not here), the repository's layout
// kept (dist/cli, dist/support, dist/steps, dist/brokers/*/src) so every path a module finds
// relative to itself still holds, beside the files the commands read at run time: the features,
// the catalogue, the broker folders (descriptors, Dockerfiles, templates, expected verdicts), the
// docker scripts, the compare sentences, and the reference broker's image bundle (the package has
// neither esbuild nor the TypeScript sources to make it). About a second: `npm pack` runs it
// (prepack), and so do `npm run suite` and the broker matrix, whose worker processes then load
// plain JavaScript instead of compiling TypeScript on the fly.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(repo, "dist");
const started = Date.now();

/** Every file under a folder of the repository, as paths relative to the repository. */
function filesUnder(folder, keep) {
  return readdirSync(join(repo, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.name === "node_modules") return [];
    return entry.isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

const sources = [
  ...["cli", "support", "steps"].flatMap((folder) => filesUnder(folder, (path) => path.endsWith(".ts"))),
  ...readdirSync(join(repo, "brokers")).flatMap((broker) => {
    try {
      return filesUnder(join("brokers", broker, "src"), (path) => path.endsWith(".ts"));
    } catch {
      return [];
    }
  }),
];

rmSync(dist, { recursive: true, force: true });
const result = await build({
  entryPoints: sources.map((path) => join(repo, path)),
  outbase: repo,
  outdir: dist,
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  write: false,
  logLevel: "warning",
});
// esbuild keeps import specifiers as written: a relative "./x.ts" becomes "./x.js"
const relativeTs = /((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\.ts\2/g;
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.text.replace(relativeTs, "$1$2$3.js$2"));
}

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
// broker folders without their TypeScript sources (transpiled above) or what an image build leaves
copy(
  "brokers",
  (path) =>
    /(^|\/)(node_modules|image|src)(\/|$)/.test(path) || path.endsWith(".ts") || path.endsWith("prepare-image.sh"),
);

// the reference broker's image takes one bundled module; a clone bundles it when building the image
const reference = join(repo, "brokers", "reference");
execFileSync(join(reference, "prepare-image.sh"), { stdio: "inherit" });
mkdirSync(join(dist, "brokers", "reference", "image"), { recursive: true });
cpSync(
  join(reference, "image", "reference-broker.mjs"),
  join(dist, "brokers", "reference", "image", "reference-broker.mjs"),
);

process.stdout.write(
  `build-package: ${sources.length} sources transpiled into dist/ (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);

#!/usr/bin/env bash
# Bundles the reference broker's TypeScript sources into one ES module for its image
# (brokers/reference/image/reference-broker.mjs, not committed). Run by build-images.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mkdir -p "$here/image"
"$repo/node_modules/.bin/esbuild" "$here/src/cli.ts" --bundle --platform=node --target=node20 --format=esm \
  --log-level=warning --outfile="$here/image/reference-broker.mjs" \
  --banner:js="import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);"

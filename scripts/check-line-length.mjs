// Lines of code under 120 characters: Biome formats code to 119, but cannot break a long string or
// comment; this finds those. Prints each line over the limit and exits 1 when there is one.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const limit = 119;
const files = execFileSync("git", ["ls-files", "*.ts", "*.mjs", "*.js"], { encoding: "utf8" })
  .split("\n")
  .filter(Boolean);
const long = files.flatMap((file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, index) => (line.length > limit ? [`${file}:${index + 1}: ${line.length} characters`] : [])),
);
for (const line of long) console.error(line);
if (long.length > 0) {
  console.error(`check-line-length: ${long.length} line(s) over ${limit} characters`);
  process.exit(1);
}
console.log(`check-line-length: ${files.length} files, every line within ${limit} characters`);

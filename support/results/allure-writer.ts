// Where the Allure formatter writes its results. allure-js-commons' own file writer writes each
// file synchronously and forces it to disk (fsync) before renaming it into place; the formatter
// runs in the process that also hosts the embedded reference broker, so every result stalled the
// broker. This writer hands each file to the file system's thread pool instead (written to a
// temporary name, then renamed, so a reader never sees half a file) and without fsync: a results
// folder is read after the run, not recovered after a power cut. `settled()` waits for them all.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { copyFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";

export class ResultsFolderWriter implements Writer {
  private readonly pending = new Set<Promise<void>>();
  private failure: Error | undefined;

  constructor(private readonly resultsDir: string) {
    mkdirSync(resultsDir, { recursive: true });
  }

  writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: TestResultContainer): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.write(distFileName, content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.publish(distFileName, (temporary) => copyFile(from, temporary));
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.write("environment.properties", stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.write("categories.json", JSON.stringify(categories));
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.write(distFileName, JSON.stringify(info));
  }

  /** Resolves once every file is in place; rejects with the first write that failed. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failure) throw this.failure;
  }

  private write(name: string, data: string | Buffer): void {
    this.publish(name, (temporary) => writeFile(temporary, data));
  }

  private publish(name: string, writeTemporary: (path: string) => Promise<void>): void {
    const temporary = join(this.resultsDir, `.allure-write-${randomUUID()}.tmp`);
    const done: Promise<void> = writeTemporary(temporary)
      .then(() => rename(temporary, join(this.resultsDir, name)))
      .catch((error: Error) => {
        this.failure ??= new Error(`cannot write the Allure result ${name}: ${error.message}`);
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }
}

// Where the Allure formatter writes its results. allure-js-commons' own file writer forces every
// file to disk (fsync) before renaming it into place; in the process that also hosts the embedded
// reference broker that stalled the broker for seconds per run. This writer writes each file to a
// temporary name and renames it into place, as the default one does, without forcing it to disk:
// a results folder is read after the run, not recovered after a power cut.
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";

export class ResultsFolderWriter implements Writer {
  private created = false;

  constructor(private readonly resultsDir: string) {}

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
    this.publish(distFileName, (temporary) => copyFileSync(from, temporary));
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

  private write(name: string, data: string | Buffer): void {
    this.publish(name, (temporary) => writeFileSync(temporary, data));
  }

  /** A reader never sees half a file: it appears under its name only once written. */
  private publish(name: string, writeTemporary: (path: string) => void): void {
    if (!this.created) mkdirSync(this.resultsDir, { recursive: true });
    this.created = true;
    const temporary = join(this.resultsDir, `.allure-write-${randomUUID()}.tmp`);
    writeTemporary(temporary);
    renameSync(temporary, join(this.resultsDir, name));
  }
}

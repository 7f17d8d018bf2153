// Loaded by Cucumber in every worker: broker log lines a scenario causes in this worker (a
// reference broker with the scenario's settings runs here) go to the run's log file and, as the
// attachment "broker log", to the scenario's Allure result. The hooks are defined in every process
// (the coordinator and its workers must know the same hooks) and do nothing where no log is set.
import { After, Before, type IWorld } from "@cucumber/cucumber";
import { brokerLogVariable, divertBrokerLog } from "./broker-log.ts";

let lines: string[] = [];
const file = process.env[brokerLogVariable];
if (file && process.env.CUCUMBER_PARALLEL) divertBrokerLog(file, (line) => lines.push(line));

Before({ name: "broker log: start" }, () => {
  lines = [];
});

After({ name: "broker log: attach" }, function (this: IWorld) {
  if (lines.length > 0) this.attach(lines.join("\n"), { mediaType: "text/plain", fileName: "broker log" });
  lines = [];
});

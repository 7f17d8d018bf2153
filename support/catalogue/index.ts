// One view of everything a scenario may cite: the AWS IoT Core requirements (requirements.yaml)
// and the OASIS statements of MQTT 3.1.1 and 5.0 (oasis-*.yaml). For any ID: whether it is known,
// its level under the oasis profile, and whether the aws-iot-core profile judges it (an OASIS
// statement AWS IoT Core overrides is judged under oasis only).
import { catalogue, type Level } from "./catalogue.ts";
import { loadStatements, type Specification, type Statement } from "./statements.ts";

export const specifications: readonly Specification[] = ["3.1.1", "5.0"];

let statements: Map<string, Statement & { specification: Specification }> | undefined;

/** Every OASIS statement by ID, read once per process. */
export function statementIndex(): Map<string, Statement & { specification: Specification }> {
  statements ??= new Map(
    specifications.flatMap((specification) =>
      loadStatements(specification).statements.map(
        (statement) => [statement.id, { ...statement, specification }] as const,
      ),
    ),
  );
  return statements;
}

export function isKnownId(id: string): boolean {
  return statementIndex().has(id) || catalogue().requirements.some((requirement) => requirement.id === id);
}

/** MUST (and MUST NOT, and a statement without a keyword), SHOULD (and SHOULD NOT), or MAY. */
export function levelOfId(id: string): Level {
  const statement = statementIndex().get(id);
  if (!statement) return catalogue().requirements.find((requirement) => requirement.id === id)?.level ?? "MUST";
  if (statement.level.startsWith("SHOULD")) return "SHOULD";
  return statement.level === "MAY" ? "MAY" : "MUST";
}

/** Whether AWS IoT Core does something else than this OASIS statement: then only oasis judges it. */
export function overriddenByAws(id: string): boolean {
  return statementIndex().get(id)?.aws?.effect === "overrides";
}

/** Whether a statement binds the server and a client talking to it can see it kept. */
export function isObservableByBrokerTest(statement: Statement): boolean {
  return statement.appliesTo !== "client" && statement.observable !== "no";
}

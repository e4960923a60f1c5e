// Parses each Dockerfile named on the command line with dockerfile-ast (the parser of VS
// Code's Docker support) and lints it with dockerfile-utils. Prints one JSON object per
// file: its parser directives, instructions (keyword, flags, arguments, JSON-form arguments)
// and the linter's problems.
import { readFileSync } from "node:fs";
import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

const severities = { 1: "error", 2: "warning", 3: "information", 4: "hint" };

const result = process.argv.slice(2).map((file) => {
  const text = readFileSync(file, "utf8");
  const dockerfile = DockerfileParser.parse(text);
  return {
    file,
    directives: Object.fromEntries(dockerfile.getDirectives().map((d) => [d.getName(), d.getValue()])),
    instructions: dockerfile.getInstructions().map((instruction) => ({
      line: instruction.getRange().start.line + 1,
      keyword: instruction.getKeyword(),
      flags: typeof instruction.getFlags === "function"
        ? Object.fromEntries(instruction.getFlags().map((flag) => [flag.getName(), flag.getValue()]))
        : {},
      arguments: instruction.getArguments().map((argument) => argument.getValue()),
      json: typeof instruction.getJSONStrings === "function"
        ? instruction.getJSONStrings().map((argument) => argument.getJSONValue())
        : [],
    })),
    problems: validate(text).map((problem) => ({
      line: problem.range.start.line + 1,
      severity: severities[problem.severity] ?? String(problem.severity),
      message: problem.message,
    })),
  };
});
process.stdout.write(JSON.stringify(result));

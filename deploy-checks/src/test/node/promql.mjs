// Parses PromQL with the Prometheus project's own grammar (lezer-promql). Reads a JSON array
// of expressions from the file named on the command line; prints, for each, the positions
// of syntax errors and the metric names its selectors use.
import { readFileSync } from "node:fs";
import { parser } from "@prometheus-io/lezer-promql";

const expressions = JSON.parse(readFileSync(process.argv[2], "utf8"));
const result = expressions.map((expression) => {
  const errors = [];
  const metrics = new Set();
  parser.parse(expression).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(`syntax error at ${node.from}: …${expression.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
      }
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
        metrics.add(expression.slice(node.from, node.to));
      }
    },
  });
  return { expression, errors, metrics: [...metrics] };
});
process.stdout.write(JSON.stringify(result));

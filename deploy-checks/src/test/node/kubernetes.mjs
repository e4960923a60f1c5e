// Validates Kubernetes objects against the OpenAPI schemas that kubernetes-models compiles
// (types, formats, required fields). Reads a JSON array of objects from the file named on
// the command line; prints, for each, whether a schema exists for its apiVersion and kind,
// and the schema's complaints. Unknown fields are the Java side's job (client-java-api).
import { readFileSync } from "node:fs";

async function modelOf(apiVersion, kind) {
  try {
    const models = await import(`kubernetes-models/${apiVersion}`);
    return models[kind];
  } catch (error) {
    if (error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || error.code === "ERR_MODULE_NOT_FOUND") {
      return undefined;
    }
    throw error;
  }
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const result = [];
for (const object of objects) {
  const Model = await modelOf(object.apiVersion, object.kind);
  const entry = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata?.name, known: Boolean(Model), errors: [] };
  if (Model) {
    try {
      new Model(object).validate();
    } catch (error) {
      entry.errors = (error.errors ?? [error]).map((e) => e.instancePath !== undefined ? `${e.instancePath} ${e.message}` : String(e.message ?? e));
    }
  }
  result.push(entry);
}
process.stdout.write(JSON.stringify(result));

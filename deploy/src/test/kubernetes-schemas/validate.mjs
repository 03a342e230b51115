// Validates Kubernetes objects against the API's JSON schemas: reads a JSON array of objects on stdin, writes a JSON
// array of {object, path, problem} on stdout (empty: all valid). Types, enums, formats and required fields come from
// the Kubernetes 1.33 OpenAPI schemas that kubernetes-models 4.5.1 compiles; unknown fields are KubernetesModelCheck's
// job (the API schemas allow them). Run by io.parley.deploy.KubernetesSchemaCheck.
const packages = ["kubernetes-models", "@kubernetes-models/prometheus-operator"];

async function modelClass(apiVersion, kind) {
  for (const pkg of packages) {
    try {
      const module = await import(`${pkg}/${apiVersion}`);
      if (typeof module[kind] === "function") {
        return module[kind];
      }
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") {
        throw e;
      }
    }
  }
  return undefined;
}

let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
}
const problems = [];
for (const object of JSON.parse(input)) {
  const id = `${object.kind} ${object.metadata?.name ?? "?"}`;
  const Model = typeof object.apiVersion === "string" && typeof object.kind === "string"
    ? await modelClass(object.apiVersion, object.kind) : undefined;
  if (!Model) {
    problems.push({object: id, apiVersion: object.apiVersion, path: "", problem: "no schema"});
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    const errors = e.errors ?? [{instancePath: "", message: e.message}];
    for (const error of errors) {
      const detail = error.params?.allowedValues ? ` (${error.params.allowedValues.join(", ")})` : "";
      problems.push({object: id, apiVersion: object.apiVersion, path: error.instancePath || "/",
        problem: `${error.message}${detail}`});
    }
  }
}
process.stdout.write(JSON.stringify(problems));

// node k8s/schema/validate.mjs <rendered.yaml>: checks every object of a multi-document YAML stream (what
// `kubectl kustomize` prints) against the JSON schema of its apiVersion and kind, offline, with the schemas of the
// kubernetes-models packages (Kubernetes itself, KEDA, the Prometheus Operator). Prints one line per invalid object
// and a last line `checked N, invalid N, without schema: <kinds>`; exits 1 when one is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};
let checked = 0;
let invalid = 0;
const withoutSchema = new Set();
for (const document of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const object = document.toJS();
  if (!object) continue;
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const module = group === ""
    ? `kubernetes-models/${version}/${object.kind}`
    : `${packages[group] ?? "kubernetes-models"}/${group}/${version}/${object.kind}`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch {
    withoutSchema.add(`${object.apiVersion}/${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
    checked++;
  } catch (e) {
    invalid++;
    console.log(`${object.kind} ${object.metadata?.name}: ${e.message}`);
  }
}
console.log(`checked ${checked}, invalid ${invalid}, without schema: ${[...withoutSchema].sort().join(" ")}`);
process.exit(invalid ? 1 : 0);

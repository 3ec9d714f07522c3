// Validates Kubernetes objects (a JSON array on stdin) against the API schemas of kubernetes-models,
// @kubernetes-models/gateway-api and @kubernetes-models/prometheus-operator (the operator's CRDs);
// prints a JSON array of problems.
// A separate process because the Gateway API models are ES modules only, which jest's CommonJS
// runtime cannot import.
import { text } from 'node:stream/consumers';

const gatewayApi = '@kubernetes-models/gateway-api';
const prometheusOperator = '@kubernetes-models/prometheus-operator';

/** The models module of an apiVersion: core `v1`, `group/version`, or a Gateway API group. */
function modelsModule(apiVersion) {
  if (apiVersion.startsWith('gateway.networking.k8s.io/')) return `${gatewayApi}/${apiVersion}`;
  if (apiVersion.startsWith('monitoring.coreos.com/')) return `${prometheusOperator}/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

const { objects, withoutModels } = JSON.parse(await text(process.stdin));
const problems = [];
for (const object of objects) {
  const id = `${object.kind}/${object.metadata?.name}`;
  if (withoutModels.includes(`${object.apiVersion}/${object.kind}`)) continue;
  let Model;
  try {
    Model = (await import(modelsModule(object.apiVersion)))[object.kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function') {
    problems.push({ object: id, problem: `no schema for ${object.apiVersion} ${object.kind}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (err) {
    problems.push({ object: id, problem: err.message });
  }
}
process.stdout.write(JSON.stringify(problems));

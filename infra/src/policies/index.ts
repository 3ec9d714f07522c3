// The policies the rendered manifests are held to, one concern a module.
export { dataStoresAdmitOnlyTheirClients } from './data-stores';
export {
  containerEnvironment,
  environmentMatchesSchema,
  type ContainerEnvironment,
  type EnvironmentExpectation,
} from './environment';
export { hardenedWorkloads, type HardeningOptions } from './hardening';
export { namespaceEnforcesRestricted } from './pod-security';
export { natsUsersPublishOnlyTheirOwn } from './nats';
export { productionReady } from './production';
export { referencesResolve, servicesSelectWorkloads } from './references';
export { apiRouterRoutes, publicApiRoutes } from './routes';
export { noSecretValues } from './secrets';
export { replicasSpread } from './spread';

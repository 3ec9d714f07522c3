import type { HTTPRoute } from '../gateway-api';
import { ofKind, type ConfigMap, type K8sObject } from '../objects';

/** The API part of the public routes: path prefix → `service:port`. */
export function publicApiRoutes(objects: K8sObject[]): Map<string, string> {
  const routes = new Map<string, string>();
  for (const route of ofKind<HTTPRoute>(objects, 'HTTPRoute')) {
    for (const rule of route.spec.rules ?? []) {
      const backend = rule.backendRefs?.[0];
      for (const match of rule.matches ?? []) {
        if (backend && match.path?.value?.startsWith('/api/')) {
          routes.set(match.path.value, `${backend.name}:${backend.port}`);
        }
      }
    }
  }
  return routes;
}

/** The API router's table, read from its nginx.conf in the rendered ConfigMap. */
export function apiRouterRoutes(objects: K8sObject[]): Map<string, string> {
  const configMap = ofKind<ConfigMap>(objects, 'ConfigMap').find((candidate) =>
    candidate.metadata.name.startsWith('api-router-config'),
  );
  const conf = configMap?.data?.['nginx.conf'] ?? '';
  const routes = new Map<string, string>();
  for (const [, prefix, target] of conf.matchAll(
    /location\s+(\/api\/\S+)\s*\{\s*proxy_pass\s+http:\/\/([\w.-]+:\d+);/g,
  )) {
    routes.set(prefix as string, target as string);
  }
  return routes;
}

import type { K8sObject } from './objects';

// The Gateway API objects the policies read (the models package is ESM-only, see schemas.ts).

export interface ParentRef {
  name: string;
  sectionName?: string;
}

export interface BackendRef {
  name: string;
  port?: number;
  kind?: string;
}

export interface HTTPRoute extends K8sObject {
  spec: {
    parentRefs?: ParentRef[];
    hostnames?: string[];
    rules?: {
      matches?: { path?: { type?: string; value?: string } }[];
      backendRefs?: BackendRef[];
      filters?: {
        type: string;
        responseHeaderModifier?: { set?: { name: string; value: string }[] };
      }[];
    }[];
  };
}

export interface Gateway extends K8sObject {
  spec: { gatewayClassName: string; listeners: { name: string }[] };
}

/** GKE's health check for a Service behind its Gateway. */
export interface HealthCheckPolicy extends K8sObject {
  spec: {
    targetRef: { kind: string; name: string };
    default?: { config?: { httpHealthCheck?: { port?: number; requestPath?: string } } };
  };
}

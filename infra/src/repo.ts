import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root: two levels up from both `infra/src` (tests) and `infra/dist`. */
export const repoRoot = path.resolve(__dirname, '..', '..');

export const k8sDir = path.join(repoRoot, 'infra', 'k8s');

/** The kustomizations a user deploys; each is rendered and checked. */
export const overlays = ['dev', 'dev-ingress', 'gke'] as const;
export type Overlay = (typeof overlays)[number];

/** The apps built from this repository: one workspace and one image each. */
export const apps = [
  'auth',
  'tickets',
  'orders',
  'expiration',
  'payments',
  'catalog',
  'client',
] as const;
export type App = (typeof apps)[number];

export const imageOf = (app: App) => `ticketing/${app}`;

/**
 * How an app's image is built: the website from its own Dockerfile, every service from the one at
 * the root, named by its SERVICE build argument.
 */
export const imageBuildOf = (
  app: App,
): { dockerfile: string; buildArgs?: Record<string, string> } =>
  app === 'client'
    ? { dockerfile: 'client/Dockerfile' }
    : { dockerfile: 'Dockerfile', buildArgs: { SERVICE: app } };

/** The npm workspaces of the root package.json. */
export const readWorkspaces = () =>
  (
    JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      workspaces: string[];
    }
  ).workspaces;

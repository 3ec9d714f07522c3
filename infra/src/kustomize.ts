import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolsBinDir } from '@ticketing/common/testing';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './objects';
import { k8sDir, type Overlay } from './repo';

export interface Kustomize {
  /** How it is run, for messages: `kubectl kustomize` or a kustomize binary's path. */
  name: string;
  build(dir: string): string;
}

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function runner(name: string, command: string, prefix: string[]): Kustomize {
  return {
    name,
    build(dir) {
      const result = spawnSync(command, [...prefix, dir], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      });
      if (result.status !== 0) {
        throw new Error(`${name} ${dir} failed: ${result.stderr || result.error?.message}`);
      }
      return result.stdout;
    },
  };
}

/**
 * `kubectl kustomize` when kubectl is installed, else a kustomize binary: on PATH, or the one
 * tools/test-servers/install.sh builds with Go.
 */
export function findKustomize(): Kustomize {
  if (runs('kubectl', ['kustomize', '--help']))
    return runner('kubectl kustomize', 'kubectl', ['kustomize']);
  for (const binary of ['kustomize', path.join(toolsBinDir(), 'kustomize')]) {
    if (runs(binary, ['version'])) return runner(binary, binary, ['build']);
  }
  throw new Error(
    'kustomize not found: install kubectl, or run tools/test-servers/install.sh (builds kustomize with Go)',
  );
}

export function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((document) => {
      if (document.errors.length > 0) throw document.errors[0];
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

/**
 * Renders every overlay from a copy of infra/k8s whose dev secret files (`*.env`) are the committed
 * examples, so the checks never read a developer's real secrets and run on a fresh checkout.
 */
export function renderOverlays(kustomize: Kustomize): Record<Overlay, K8sObject[]> {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ticketing-k8s-'));
  try {
    cpSync(k8sDir, copy, {
      recursive: true,
      filter: (source) => !source.endsWith('.env'),
    });
    const devDir = path.join(copy, 'overlays', 'dev');
    for (const example of readdirSync(devDir).filter((name) => name.endsWith('.env.example'))) {
      copyFileSync(
        path.join(devDir, example),
        path.join(devDir, example.replace(/\.example$/, '')),
      );
    }
    const render = (overlay: Overlay) =>
      parseObjects(kustomize.build(path.join(copy, 'overlays', overlay)));
    return { dev: render('dev'), 'dev-ingress': render('dev-ingress'), gke: render('gke') };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

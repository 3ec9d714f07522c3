import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Problems } from './problems';
import { repoRoot } from './repo';

export interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
export interface WorkflowJob {
  'runs-on'?: string;
  needs?: string | string[];
  if?: string;
  services?: Record<string, { image: string }>;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: WorkflowStep[];
}
export interface Workflow {
  file: string;
  text: string;
  name?: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

export const workflowsDir = path.join(repoRoot, '.github', 'workflows');

export function readWorkflows(): Workflow[] {
  return readdirSync(workflowsDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => {
      const text = readFileSync(path.join(workflowsDir, file), 'utf8');
      return { file, text, ...(parse(text) as Omit<Workflow, 'file' | 'text'>) };
    });
}

/** Secrets that must never appear in a workflow: keys, tokens, passwords and private keys. */
const secretPatterns: [string, RegExp][] = [
  ['a Stripe secret key', /\b[sr]k_(live|test)_[0-9a-zA-Z]{8,}/],
  ['a Stripe webhook secret', /\bwhsec_[0-9a-zA-Z]{8,}/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a Google service account key', /"type":\s*"service_account"|\bcredentials_json\b/],
  ['an access token', /\b(ghp|gho|ghs|github_pat)_[0-9a-zA-Z_]{16,}/],
  [
    'a literal password or key',
    /\b(password|passwd|jwt_key|api_key|secret)\s*[:=]\s*['"]?(?!\$\{\{)[^\s'"$]{6,}/i,
  ],
];

/**
 * Well-formed workflows: a trigger, jobs that each run somewhere with steps, actions pinned to a
 * release, and no secret values inline (secrets and variables come from `${{ … }}` expressions).
 */
export function checkWorkflow(workflow: Workflow): Problems {
  const problems: Problems = [];
  if (!workflow.on || Object.keys(workflow.on).length === 0)
    problems.push(`${workflow.file}: no trigger`);
  if (!workflow.jobs || Object.keys(workflow.jobs).length === 0)
    problems.push(`${workflow.file}: no jobs`);
  for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
    const where = `${workflow.file} job ${name}`;
    if (!job['runs-on']) problems.push(`${where}: no runs-on`);
    if (!job.steps || job.steps.length === 0) problems.push(`${where}: no steps`);
    for (const needed of [job.needs ?? []].flat()) {
      if (!(needed in workflow.jobs)) problems.push(`${where}: needs unknown job ${needed}`);
    }
    for (const step of job.steps ?? []) {
      if (!step.uses && !step.run)
        problems.push(`${where}: a step neither uses an action nor runs`);
      if (
        step.uses &&
        !step.uses.startsWith('./') &&
        !/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(step.uses)
      ) {
        problems.push(`${where}: ${step.uses} is not pinned to a release`);
      }
    }
  }
  for (const [what, pattern] of secretPatterns) {
    if (pattern.test(workflow.text)) problems.push(`${workflow.file}: contains ${what}`);
  }
  return problems;
}

export const stepsUsing = (job: WorkflowJob, action: string) =>
  (job.steps ?? []).filter((step) => step.uses?.split('@')[0] === action);

import type mongoose from 'mongoose';

/**
 * What `explain` answers: MongoDB its query plan, FerretDB whether it pushed the filter down to
 * PostgreSQL instead of reading the whole collection. A test of a query's shape asserts what the
 * server it runs against can show: on FerretDB the pushdown, on MongoDB the index the plan uses.
 */
export type Explained = {
  filterPushdown?: boolean;
  queryPlanner?: { winningPlan: unknown };
};

export interface PlanStage {
  stage: string;
  indexName?: string;
}

/** Every stage of a MongoDB plan, depth first. */
export function planStages(plan: unknown): PlanStage[] {
  if (!plan || typeof plan !== 'object') return [];
  const node = plan as {
    stage?: string;
    indexName?: string;
    inputStage?: unknown;
    inputStages?: unknown[];
    queryPlan?: unknown;
  };
  return [
    ...(node.stage ? [{ stage: node.stage, indexName: node.indexName }] : []),
    ...planStages(node.inputStage),
    ...planStages(node.queryPlan),
    ...(node.inputStages ?? []).flatMap(planStages),
  ];
}

/** Whether the test server is FerretDB (the local MongoDB) rather than a MongoDB. */
export async function isFerretDb(connection: mongoose.Connection): Promise<boolean> {
  const buildInfo = await connection.db!.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in buildInfo;
}

import { Router } from 'express';
import type { CatalogIndex } from '../domain/catalog-index';
import { AnswerCache } from '../domain/answer-cache';
import { parseCatalogQuery } from './catalog-query';

export interface CatalogRouterDeps {
  index: CatalogIndex;
  cache: { maxEntries: number; ttlMs: number };
}

/** `GET /api/catalog`: a page of tickets, answered from this replica's memory. */
export function catalogRouter({ index, cache }: CatalogRouterDeps): Router {
  const answers = new AnswerCache<string>(cache.maxEntries, cache.ttlMs);
  const router = Router();
  router.get('/api/catalog', (req, res) => {
    const query = parseCatalogQuery(req.query);
    const key = JSON.stringify(query);
    const now = Date.now();
    let body = answers.get(key, index.generation, now);
    if (body === undefined) {
      body = JSON.stringify(index.search(query, now));
      answers.set(key, body, index.generation, now);
    }
    res.type('application/json').send(body);
  });
  return router;
}

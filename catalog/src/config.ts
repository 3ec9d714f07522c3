import { z } from 'zod';
import {
  envInt,
  eventBusConfigShape,
  mongoConfigShape,
  serviceConfigShape,
} from '@ticketing/common';

export const catalogConfigSchema = z.object({
  ...serviceConfigShape,
  ...mongoConfigShape,
  ...eventBusConfigShape,
  CATALOG_CACHE_ENTRIES: envInt(1_000, { min: 0 }).describe(
    'Answers kept for repeated queries (0: none); any change to the catalog empties it',
  ),
  CATALOG_CACHE_TTL_MS: envInt(1_000, { min: 0 }).describe(
    'How long a kept answer may be served: events in the past leave the results within this time',
  ),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

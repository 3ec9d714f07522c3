import type { CatalogSort, TicketCategory } from '@ticketing/common/api';

/** What a person asks the catalog, already validated. */
export interface CatalogQuery {
  /** The words to find (before folding); the last one also matches as a prefix. */
  text?: string | undefined;
  cities: string[];
  categories: TicketCategory[];
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Event date range, in ms since the epoch, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
  sort: CatalogSort;
  page: number;
  pageSize: number;
  /** `on-sale`: only tickets one can buy (on sale, event not past); `all`: every ticket. */
  status: 'on-sale' | 'all';
}

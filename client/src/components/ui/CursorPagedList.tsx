import { Suspense, type ReactNode } from 'react';
import { readPageAfter } from '@/lib/cursor-page';
import { CursorPagination, cursorParam } from './CursorPagination';
import { ListSkeleton } from './ListSkeleton';

/** One page of a list read with a cursor, and the cursor of the page after it (null on the last). */
export interface CursorPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

interface CursorPagedListProps<Item> {
  /** The list's page, which pagination links point back to. */
  path: string;
  /** The page's `after` search parameter, as given. */
  after: string | string[] | undefined;
  /** Reads the page after a cursor (the first page without one). */
  read: (after: string | undefined) => Promise<CursorPage<Item>>;
  /** The items of a page that has some. */
  render: (items: Item[]) => ReactNode;
  /** What the skeleton announces while a page loads. */
  loadingLabel: string;
  /** Said above the first page when the link's cursor was refused. */
  invalidNotice: string;
  /** The heading when there is nothing at all, and when a later page is empty. */
  emptyTitle: string;
  noMoreTitle: string;
  /** What to do about an empty list, under its heading. */
  emptyHint: ReactNode;
  /** The link to the next page, like "Older orders". */
  nextLabel: string;
}

/**
 * A list read page by page with a cursor (`?after=`): a skeleton while the page loads, the first
 * page with a notice when the link's cursor is not valid, an empty state, and the links to the
 * first and next pages.
 */
export function CursorPagedList<Item>(props: CursorPagedListProps<Item>) {
  const cursor = cursorParam(props.after);
  return (
    <Suspense key={cursor} fallback={<ListSkeleton rows={3} label={props.loadingLabel} />}>
      <PageAfter {...props} cursor={cursor} />
    </Suspense>
  );
}

async function PageAfter<Item>({
  path,
  cursor: asked,
  read,
  render,
  invalidNotice,
  emptyTitle,
  noMoreTitle,
  emptyHint,
  nextLabel,
}: CursorPagedListProps<Item> & { cursor: string | undefined }) {
  const { page, cursor, rejected } = await readPageAfter(read, asked);
  return (
    <>
      {rejected && (
        <p className="notice" role="status">
          {invalidNotice}
        </p>
      )}
      {page.items.length === 0 ? (
        <div className="empty-state">
          <h2>{cursor ? noMoreTitle : emptyTitle}</h2>
          <p>{emptyHint}</p>
        </div>
      ) : (
        render(page.items)
      )}
      <CursorPagination
        path={path}
        cursor={cursor}
        nextCursor={page.nextCursor}
        nextLabel={nextLabel}
      />
    </>
  );
}

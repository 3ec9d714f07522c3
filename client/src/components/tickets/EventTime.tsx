'use client';

import { useHydrated } from '@/components/ui/use-hydrated';
import { formatEventTime } from '@/lib/ticket-details';

/**
 * An event's date and time in the visitor's time zone and locale. The server cannot know them, so
 * its HTML says the time in UTC (and says so); the browser rewrites it once the page runs.
 */
export function EventTime({ at }: { at: string }) {
  const hydrated = useHydrated();
  return <time dateTime={at}>{formatEventTime(at, hydrated ? undefined : 'UTC')}</time>;
}

'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { NOTICE_PARAM, noticeMessage } from './notices';
import styles from './Notices.module.css';

/**
 * Confirms an action ("Ticket listed", "Signed out") on the page it led to, in a polite live region
 * that is always in the layout, so the message is announced when it arrives without moving focus.
 * The `?notice=` that carried it is taken out of the address (a reload or a shared link does not
 * repeat it); the message stays until the visitor moves to another page.
 */
export function Notices() {
  const pathname = usePathname();
  const notice = useSearchParams().get(NOTICE_PARAM);
  const [shown, setShown] = useState<{ message: string; pathname: string }>();

  useEffect(() => {
    const message = noticeMessage(notice);
    if (!message) return;
    setShown({ message, pathname });
    const url = new URL(window.location.href);
    url.searchParams.delete(NOTICE_PARAM);
    window.history.replaceState(window.history.state, '', url);
  }, [notice, pathname]);

  const message = shown?.pathname === pathname ? shown.message : undefined;
  return (
    <div role="status" className={message ? styles.notice : undefined}>
      {message}
    </div>
  );
}

import Link from 'next/link';
import type { CurrentUser } from '@ticketing/common/api';
import styles from './Header.module.css';
import { Logo } from './Logo';
import { NavLink } from './NavLink';
import { SignOutButton } from './SignOutButton';

export function Header({ user }: { user: CurrentUser | null }) {
  return (
    <header className={styles.header}>
      <div className={`container ${styles.inner}`}>
        <Link href="/" className={styles.brand}>
          <Logo />
          <span>Ticketing</span>
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          {user ? (
            <>
              <NavLink href="/tickets/new">Sell tickets</NavLink>
              <NavLink href="/listings">My listings</NavLink>
              <NavLink href="/orders">My orders</NavLink>
              <span className={styles.user} title={`Signed in as ${user.email}`}>
                <span className="visually-hidden">Signed in as </span>
                {user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <NavLink href="/auth/signin">Sign in</NavLink>
              <Link href="/auth/signup" className="button button-primary button-small">
                Sign up
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

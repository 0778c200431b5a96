/**
 * The frame of every signed-in page: a skip link, the navigation, who is signed in, sign-out.
 * After the page changes, focus moves to the main content, so a keyboard or screen reader user
 * starts at the new page rather than on a link that may no longer exist.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useLocation, useRoute } from 'wouter';

export interface LayoutProps {
  readonly email: string | undefined;
  readonly isAdmin: boolean;
  readonly onSignOut: () => void;
  readonly children: ReactNode;
}

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function Layout({ email, isAdmin, onSignOut, children }: LayoutProps) {
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  const shown = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (shown.current !== undefined && shown.current !== location) main.current?.focus();
    shown.current = location;
  }, [location]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Secure Notes
        </Link>
        <nav aria-label="Main">
          <NavLink href="/">Notes</NavLink>
          <NavLink href="/new">New note</NavLink>
          {isAdmin && <NavLink href="/admin">Admin</NavLink>}
        </nav>
        <div className="account">
          {email !== undefined && <span className="email">{email}</span>}
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}

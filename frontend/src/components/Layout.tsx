import { NavLink, Outlet } from 'react-router-dom';
import { useSession } from './Auth';

export function Layout() {
  const { session, signOut } = useSession();
  return (
    <div className="app">
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="topbar">
        <NavLink to="/accounts" className="brand">Rapport</NavLink>
        <nav aria-label="Main">
          <NavLink to="/accounts">Accounts</NavLink>
          <NavLink to="/analytics">Analytics</NavLink>
          <a href="/playground">GraphQL</a>
        </nav>
        <div className="spacer" />
        {session.status === 'signed-in' && (
          <div className="who">
            <span title={session.user.email}>{session.user.name}</span>
            <button type="button" onClick={signOut}>Sign out</button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

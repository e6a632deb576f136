import { NavLink, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from './Auth';
import { LanguageSwitch } from './LanguageSwitch';
import { useCapabilities } from '../lib/viewer';
import { label } from '../lib/labels';
import { AlertCount } from '../pages/alerts/AlertCount';

export function Layout() {
  const { t, i18n } = useTranslation();
  const { session, signOut } = useSession();
  const can = useCapabilities();
  return (
    <div className="app">
      <a href="#main" className="skip-link">{t('layout.skip')}</a>
      <header className="topbar">
        <NavLink to="/accounts" className="brand">Rapport</NavLink>
        <nav aria-label={t('layout.nav')}>
          <NavLink to="/accounts">{t('layout.accounts')}</NavLink>
          <NavLink to="/analytics">{t('layout.analytics')}</NavLink>
          <NavLink to="/whitespace" data-testid="whitespace-link">{t('whitespace.link')}</NavLink>
          <NavLink to="/handover" data-testid="handover-link">{t('handover.link')}</NavLink>
          {session.status === 'signed-in' && <AlertCount />}
          {can.canWrite && <NavLink to="/import" data-testid="import-link">{t('layout.import')}</NavLink>}
          {can.canAdminister && <NavLink to="/admin/policies" data-testid="policies-link">{t('layout.policies')}</NavLink>}
          <a href="/playground">GraphQL</a>
        </nav>
        <div className="spacer" />
        <LanguageSwitch />
        {session.status === 'signed-in' && (
          <div className="who">
            <span title={session.user.email}>{session.user.name}</span>
            {can.role && (
              <span className="badge role-badge" data-testid="viewer-role" title={can.canWrite ? undefined : t('layout.readOnlyTitle')}>
                {label(can.role)}{!can.canWrite && ` · ${t('layout.readOnly')}`}
              </span>
            )}
            <button type="button" onClick={signOut}>{t('layout.signOut')}</button>
          </div>
        )}
      </header>
      {/* Keyed by language: the page redraws entirely in the new language (its state is in the URL). */}
      <main id="main" tabIndex={-1} key={i18n.language}>
        <Outlet />
      </main>
    </div>
  );
}

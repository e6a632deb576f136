import { createContext, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { preferredLanguage, setLanguage } from '../i18n';
import { loadSession, onSessionExpired, signIn, signOut, type Session } from '../lib/auth';
import { ErrorBox } from './ErrorBox';
import { Skeleton } from './Skeleton';

const SessionContext = createContext<{ session: Session; signOut: () => void }>({ session: { status: 'open' }, signOut: () => undefined });

export function useSession() {
  return useContext(SessionContext);
}

/** Shows the sign-in form until there is a session (or the server has no sign-in). */
export function AuthGate({ children }: { children: (key: string) => ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation();
  // Once the user is known, their own language choice (if any) applies.
  const user = session?.status === 'signed-in' ? session.user.email : undefined;
  useEffect(() => {
    if (user) void setLanguage(preferredLanguage(user), user);
  }, [user]);
  useEffect(() => {
    loadSession().then(setSession, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return onSessionExpired(() => setSession({ status: 'anonymous' }));
  }, []);
  if (error) return <div className="page"><ErrorBox error={error} retry={() => window.location.reload()} /></div>;
  if (!session) return <div className="page"><Skeleton rows={4} height={28} label={t('auth.checking')} /></div>;
  if (session.status === 'anonymous') return <SignIn onSignedIn={setSession} />;
  const out = () => { void signOut().then(() => setSession({ status: 'anonymous' })); };
  const key = session.status === 'signed-in' ? session.user.email : 'open';
  return <SessionContext.Provider value={{ session, signOut: out }}>{children(key)}</SessionContext.Provider>;
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email, password));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="signin">
      <form className="card form" onSubmit={submit} data-testid="signin-form">
        <div className="brand-big">Rapport</div>
        <p className="muted">{t('auth.intro')}</p>
        {error && <div className="error-box" role="alert">{error}</div>}
        <div className="field">
          <label htmlFor="si-email">{t('auth.email')}</label>
          <input id="si-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="si-password">{t('auth.password')}</label>
          <input id="si-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('auth.signingIn') : t('auth.signIn')}</button>
      </form>
    </div>
  );
}

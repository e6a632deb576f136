import { StrictMode, Suspense, lazy, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider, useRouteError } from 'react-router-dom';
import { Provider } from 'urql';
import { AuthGate } from './components/Auth';
import { Layout } from './components/Layout';
import { Skeleton } from './components/Skeleton';
import { ErrorBox } from './components/ErrorBox';
import { makeClient } from './lib/client';
import AccountsPage from './pages/accounts/AccountsPage';
import './styles.css';
import i18n, { preferredLanguage, setLanguage } from './i18n';

const AccountPage = lazy(() => import('./pages/account/AccountPage'));
const AnalyticsPage = lazy(() => import('./pages/analytics/AnalyticsPage'));
const BriefPage = lazy(() => import('./pages/brief/BriefPage'));
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage'));
const PlanPage = lazy(() => import('./pages/plan/PlanPage'));
const WhitespacePage = lazy(() => import('./pages/whitespace/WhitespacePage'));
const HandoverPage = lazy(() => import('./pages/handover/HandoverPage'));
const ImportPage = lazy(() => import('./pages/import/ImportPage'));
const PoliciesPage = lazy(() => import('./pages/policies/PoliciesPage'));

function RouteError() {
  const err = useRouteError();
  return <div className="page"><ErrorBox error={err instanceof Error ? err.message : i18n.t('common.pageFailed')} /></div>;
}

function ClientProvider({ children }: { children: ReactNode }) {
  const client = useMemo(() => makeClient(), []);
  return <Provider value={client}>{children}</Provider>;
}

const fallback = <div className="page"><Skeleton rows={6} height={32} /></div>;

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <Navigate to="/accounts" replace /> },
      { path: '/accounts', element: <AccountsPage />, errorElement: <RouteError /> },
      { path: '/accounts/:id', element: <Suspense fallback={fallback}><AccountPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/accounts/:id/brief', element: <Suspense fallback={fallback}><BriefPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/accounts/:id/plan', element: <Suspense fallback={fallback}><PlanPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/handover', element: <Suspense fallback={fallback}><HandoverPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/whitespace', element: <Suspense fallback={fallback}><WhitespacePage /></Suspense>, errorElement: <RouteError /> },
      { path: '/alerts', element: <Suspense fallback={fallback}><AlertsPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/import', element: <Suspense fallback={fallback}><ImportPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/admin/policies', element: <Suspense fallback={fallback}><PoliciesPage /></Suspense>, errorElement: <RouteError /> },
      { path: '/analytics', element: <Suspense fallback={fallback}><AnalyticsPage /></Suspense>, errorElement: <RouteError /> },
      { path: '*', element: <NoSuchPage /> },
    ],
  },
]);

function NoSuchPage() {
  return <div className="page"><ErrorBox error={i18n.t('common.noSuchPage')} /></div>;
}

// The first paint waits for the catalog when the browser (or the last choice) asks for Chinese.
void setLanguage(preferredLanguage()).catch(() => undefined).finally(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthGate>
      {(key) => (
        // A fresh client (and cache) per signed-in user.
        <ClientProvider key={key}>
          <RouterProvider router={router} />
        </ClientProvider>
      )}
    </AuthGate>
  </StrictMode>,
));

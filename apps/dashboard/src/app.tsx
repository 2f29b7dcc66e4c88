import { useEffect, useState } from 'preact/hooks';
import { whenUnauthenticated } from './api/client';
import { Shell } from './components/shell';
import { ArchivalPage } from './pages/archival';
import { CreatorsPage } from './pages/creators';
import { EventsPage } from './pages/events';
import { ImportPage } from './pages/import';
import { OverviewPage } from './pages/overview';
import { QuotasPage } from './pages/quotas';
import { SignIn } from './pages/sign-in';
import { StoragePage } from './pages/storage';
import { ThingsPage } from './pages/things';
import { WebhooksPage } from './pages/webhooks';
import { useRoute } from './router';
import { clearSession, loadSession, saveSession, type Session } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute();

  useEffect(() => {
    whenUnauthenticated(() => {
      clearSession();
      setSession(null);
      setNotice('The API key stopped working (revoked or unknown). Sign in again.');
    });
  }, []);

  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          saveSession(s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  const signOut = (): void => {
    clearSession();
    setSession(null);
    location.hash = '#/';
  };
  const props = { session };
  return (
    <Shell session={session} current={route.page} onSignOut={signOut}>
      {route.page === 'overview' && <OverviewPage {...props} />}
      {route.page === 'quotas' && <QuotasPage {...props} />}
      {route.page === 'storage' && <StoragePage {...props} />}
      {route.page === 'creators' && <CreatorsPage {...props} id={route.id} />}
      {route.page === 'things' && <ThingsPage {...props} id={route.id} />}
      {route.page === 'events' && <EventsPage {...props} id={route.id} />}
      {route.page === 'archival' && <ArchivalPage {...props} />}
      {route.page === 'webhooks' && <WebhooksPage {...props} />}
      {route.page === 'import' && <ImportPage {...props} />}
    </Shell>
  );
}

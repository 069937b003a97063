/** The shell: who is signed in, the navigation, the live stream, and the page the hash names. */
import { useEffect, useState } from 'preact/hooks';
import { ShellContext } from './components/context.js';
import { ErrorNote, Loading } from './components/Notes.js';
import { ApiError, forgetLogin, savedName, savedToken, saveLogin, tokenRequired } from './data/api.js';
import { fetchSession, type Session } from './data/session.js';
import { followEvaluations } from './data/stream.js';
import { parseRoute, type Route } from './lib/route.js';
import { Alerts } from './pages/Alerts.js';
import { ChartsPage } from './pages/Charts.js';
import { IncidentDetail, Incidents } from './pages/Incidents.js';
import { Login } from './pages/Login.js';
import { MetricDetail } from './pages/MetricDetail.js';
import { OnCall } from './pages/OnCall.js';
import { Overview } from './pages/Overview.js';
import { SlosPage } from './pages/Slos.js';

const NAV: readonly [string, string, Route['page'][]][] = [
  ['#/', 'Overview', ['overview', 'metric']],
  ['#/performance', 'Performance', ['performance']],
  ['#/quality', 'Quality', ['quality']],
  ['#/alerts', 'Alerts', ['alerts']],
  ['#/incidents', 'Incidents', ['incidents', 'incident']],
  ['#/oncall', 'On call', ['oncall']],
  ['#/slos', 'SLOs', ['slos', 'slo']],
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'performance':
    case 'quality':
      return <ChartsPage kind={route.page} />;
    case 'metric':
      return <MetricDetail id={route.id} range={route.range} />;
    case 'alerts':
      return <Alerts />;
    case 'incidents':
      return <Incidents />;
    case 'incident':
      return <IncidentDetail id={route.id} />;
    case 'oncall':
      return <OnCall />;
    case 'slos':
      return <SlosPage />;
    case 'slo':
      return <SlosPage id={route.id} />;
    case 'not_found':
      return <ErrorNote message={`There is no page ${route.path}.`} />;
  }
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

type Gate = { kind: 'checking' } | { kind: 'login' } | { kind: 'in'; session: Session } | { kind: 'failed'; message: string };

export function App() {
  const route = useRoute();
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState(false);

  useEffect(() => {
    // The server says in the page whether it needs a token: without one saved, the login screen comes first.
    if (tokenRequired() && !savedToken()) return setGate({ kind: 'login' });
    fetchSession().then(
      (session) => setGate({ kind: 'in', session }),
      (e: unknown) => setGate(e instanceof ApiError && e.status === 401 ? { kind: 'login' } : { kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  }, []);
  const signedIn = gate.kind === 'in';
  useEffect(() => (signedIn ? followEvaluations(() => setTick((n) => n + 1), setLive) : undefined), [signedIn]);

  if (gate.kind === 'checking') return <Loading />;
  if (gate.kind === 'failed') return <ErrorNote message={`launchwatch does not answer: ${gate.message}`} />;
  if (gate.kind === 'login') {
    return <Login onLogin={(token, name, session) => (saveLogin(token, name), setGate({ kind: 'in', session }))} />;
  }
  const { session } = gate;
  return (
    <ShellContext.Provider value={{ access: session.access, tick, by: savedName() }}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">launchwatch · {session.product}</span>
        <nav aria-label="Pages">
          <ul>
            {NAV.map(([href, label, pages]) => (
              <li key={href}>
                <a href={href} aria-current={pages.includes(route.page) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class={`live ${live ? 'live-on' : ''}`} data-live={live} role="status">
          <span aria-hidden="true">{live ? '●' : '○'}</span> {live ? 'live' : 'connecting'}
        </span>
        <span class="who">{session.access === 'viewer' ? 'viewer (read-only)' : 'admin'}</span>
        {session.token_required && savedToken() && (
          <button type="button" onClick={() => (forgetLogin(), setGate({ kind: 'login' }))}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </ShellContext.Provider>
  );
}

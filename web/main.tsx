import { render } from 'preact';
import { App } from './app.js';
import { savedToken, tokenRequired } from './data/api.js';
import { prefetchOverviewMetrics } from './data/metrics.js';
import { parseRoute } from './lib/route.js';
import './styles.css';

// The overview's values are asked for before the first render, in parallel with the session check (app.tsx),
// unless the login screen comes first.
if (parseRoute(location.hash).page === 'overview' && !(tokenRequired() && !savedToken())) prefetchOverviewMetrics();

const root = document.getElementById('app');
if (root) render(<App />, root);

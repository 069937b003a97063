/**
 * Simulated telemetry of the DojoPool web app (examples/webapp.yaml): page
 * views with load, TTI and Core Web Vitals (mobile slower), the API calls
 * each page makes (GET ~100 ms mean, writes ~250 ms, ~0.6% 5xx), JS errors
 * (~0.35 per session), sign-ups with a five-step onboarding (~65% complete),
 * feature use and in-app ratings (mean ~4.65).
 */
import { chance, exponential, logNormal, pick, poisson, round, uniform, weighted, type Rng } from './random.js';
import { SECOND, SessionWriter, joinedAt, sessionId, userId, type Draft, type Profile, type SimUser } from './profile.js';

type Device = 'desktop' | 'mobile' | 'tablet';
type Page = 'home' | 'venues' | 'venue' | 'game' | 'tournaments' | 'leaderboard' | 'profile' | 'onboarding';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface WebUser extends SimUser {
  readonly device: Device;
}

const DEVICES: Record<Device, number> = { desktop: 0.55, mobile: 0.4, tablet: 0.05 };
const DEVICE_SLOWDOWN: Record<Device, number> = { desktop: 1, mobile: 1.2, tablet: 1.1 };

const PAGES: Record<Exclude<Page, 'onboarding' | 'home'>, number> = {
  venues: 0.24,
  venue: 0.2,
  game: 0.2,
  leaderboard: 0.14,
  tournaments: 0.12,
  profile: 0.1,
};

/** The API calls a page makes: [method, route template]. */
const ROUTES: Record<Page, readonly (readonly [Method, string])[]> = {
  home: [['GET', '/api/feed'], ['GET', '/api/me']],
  venues: [['GET', '/api/venues'], ['GET', '/api/venues/nearby']],
  venue: [['GET', '/api/venues/:id'], ['POST', '/api/venues/:id/checkins'], ['POST', '/api/bookings']],
  game: [['GET', '/api/games/:id'], ['POST', '/api/games'], ['PUT', '/api/games/:id/score']],
  tournaments: [['GET', '/api/tournaments'], ['POST', '/api/tournaments/:id/entries'], ['DELETE', '/api/tournaments/:id/entries']],
  leaderboard: [['GET', '/api/leaderboard']],
  profile: [['GET', '/api/users/:id'], ['PATCH', '/api/users/:id']],
  onboarding: [['POST', '/api/onboarding/steps'], ['GET', '/api/venues/nearby']],
};

const FEATURES: Partial<Record<Page, string>> = {
  venues: 'find_venue',
  venue: 'book_table',
  game: 'challenge_player',
  tournaments: 'join_tournament',
  leaderboard: 'view_leaderboard',
  profile: 'clan_chat',
};

const STEPS = ['create_account', 'profile', 'find_venue', 'first_game', 'invite_friends'] as const;
const ERROR_TYPES = { type_error: 0.35, network_error: 0.25, reference_error: 0.15, chunk_load_error: 0.1, other: 0.15 } as const;
const RATINGS = { '5': 0.74, '4': 0.2, '3': 0.04, '2': 0.01, '1': 0.01 } as const;

function newUser(rng: Rng): WebUser {
  return { id: userId(rng), sessionsPerDay: uniform(rng, 0.4, 1.8), joinedAt: joinedAt(rng), device: weighted(rng, DEVICES) };
}

function status(rng: Rng, method: Method): number {
  if (chance(rng, 0.006)) return pick(rng, [500, 502, 503, 504]);
  if (chance(rng, 0.03)) return pick(rng, [400, 401, 403, 404, 409, 422]);
  return method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200;
}

function apiCall(rng: Rng, out: SessionWriter, page: Page): void {
  const [method, route] = pick(rng, ROUTES[page]);
  const code = status(rng, method);
  const duration =
    code >= 500 ? logNormal(rng, 600, 0.8) : method === 'GET' ? logNormal(rng, 80, 0.55) : logNormal(rng, 200, 0.5);
  out.emit('api_request', { route, method, status_code: code, duration_ms: round(duration, 1) });
  out.wait(duration);
}

/** Shows a page: its API calls, the page view once interactive, maybe an error; returns the errors raised. */
function visit(rng: Rng, out: SessionWriter, user: WebUser, page: Page): number {
  const calls = 1 + poisson(rng, 1.2);
  for (let i = 0; i < calls; i++) apiCall(rng, out, page);
  const slow = DEVICE_SLOWDOWN[user.device];
  const load = logNormal(rng, 1100, 0.42) * slow;
  const fcp = load * uniform(rng, 0.35, 0.55);
  out.emit('page_view', {
    page,
    device: user.device,
    load_ms: Math.round(load),
    tti_ms: Math.round(load + logNormal(rng, 700, 0.5) * slow),
    fcp_ms: Math.round(fcp),
    lcp_ms: Math.round(fcp + logNormal(rng, 450, 0.5) * slow),
    cls: round(exponential(rng, 0.04), 3),
  });
  let errors = 0;
  while (chance(rng, errors === 0 ? 0.07 : 0.2)) {
    out.wait(exponential(rng, 5 * SECOND));
    out.emit('js_error', { page, error_type: weighted(rng, ERROR_TYPES), fatal: chance(rng, 0.1) });
    errors++;
  }
  const feature = FEATURES[page];
  if (feature !== undefined && chance(rng, 0.35)) {
    out.wait(exponential(rng, 10 * SECOND));
    out.emit('feature_used', { feature });
  }
  return errors;
}

/** Sign-up and onboarding: each step is passed with 90% chance, so ~65% complete all five. */
function onboard(rng: Rng, out: SessionWriter, user: WebUser): { pages: number; errors: number } {
  out.emit('signup', { method: weighted(rng, { email: 0.5, google: 0.35, apple: 0.15 }) });
  let pages = 0;
  let errors = 0;
  for (const [i, step] of STEPS.entries()) {
    out.wait(2 * SECOND + exponential(rng, 20 * SECOND));
    out.emit('onboarding_step', { step });
    errors += visit(rng, out, user, 'onboarding');
    pages++;
    if (i === STEPS.length - 1) {
      out.emit('onboarding_exit', { outcome: 'completed', last_step: step });
    } else if (!chance(rng, 0.9)) {
      out.emit('onboarding_exit', { outcome: chance(rng, 0.4) ? 'skipped' : 'abandoned', last_step: step });
      break;
    }
  }
  return { pages, errors };
}

function session(rng: Rng, user: WebUser, first: boolean): Draft[] {
  const out = new SessionWriter(user.id, sessionId(rng));
  let pages = 0;
  let errors = visit(rng, out, user, 'home');
  pages++;
  if (first) {
    const onboarding = onboard(rng, out, user);
    pages += onboarding.pages;
    errors += onboarding.errors;
  }
  const more = poisson(rng, 4);
  for (let i = 0; i < more; i++) {
    out.wait(2 * SECOND + exponential(rng, 25 * SECOND));
    errors += visit(rng, out, user, weighted(rng, PAGES));
    pages++;
  }
  if (chance(rng, 0.05)) out.emit('feedback', { rating: Number(weighted(rng, RATINGS)) });
  out.wait(exponential(rng, 60 * SECOND));
  out.emit('session_end', { duration_s: round(out.offsetMs / SECOND, 1), page_views: pages, js_errors: errors });
  return out.drafts;
}

/** A visitor from outside the population: about half sign up, the others look around. */
function stranger(rng: Rng): Draft[] {
  return session(rng, newUser(rng), chance(rng, 0.5));
}

export const webapp: Profile<WebUser> = {
  name: 'webapp',
  defaultUsers: 400,
  strangerShare: 0.08,
  user: newUser,
  session,
  stranger,
};

/**
 * Simulated telemetry of the caro CLI (examples/caro.yaml). The mix follows
 * the seeds' own figures: static matcher ~75% of queries, success ~87% (static
 * better than embedded), latency p50/p95/p99 near 000's dashboard
 * (static 45/85/120 ms, embedded 850/1650/2100 ms), installs ~93% successful,
 * refinement ~24% with mean confidence 0.82, validation retries ~26% with
 * ~78% repaired, and an NPS near 48 from the occasional survey answer (001 wants >= 40).
 */
import { chance, clamp, exponential, logNormal, mulberry32, normal, poisson, round, uniform, weighted, type Rng } from './random.js';
import { MINUTE, SECOND, SessionWriter, joinedAt, sessionId, userId, type Draft, type Profile, type SimUser } from './profile.js';

type Platform = 'macos' | 'linux' | 'windows';
type Arch = 'aarch64' | 'x86_64';
type Shell = 'bash' | 'zsh' | 'fish' | 'sh' | 'nu' | 'powershell' | 'other';
type Backend = 'static' | 'embedded';
type ErrorCategory = 'timeout' | 'parse_error' | 'validation_failed' | 'backend_unavailable' | 'unsafe_command';

export interface CaroUser extends SimUser {
  readonly platform: Platform;
  readonly arch: Arch;
  readonly shell: Shell | undefined;
  readonly version: string;
}

const PLATFORMS: Record<Platform, number> = { macos: 0.58, linux: 0.38, windows: 0.04 };

const ARCHES: Record<Platform, Record<Arch, number>> = {
  macos: { aarch64: 0.7, x86_64: 0.3 },
  linux: { x86_64: 0.85, aarch64: 0.15 },
  windows: { x86_64: 0.95, aarch64: 0.05 },
};

const SHELLS: Record<Platform, Partial<Record<Shell, number>>> = {
  macos: { zsh: 0.7, bash: 0.14, fish: 0.1, nu: 0.03, other: 0.03 },
  linux: { bash: 0.58, zsh: 0.26, fish: 0.1, sh: 0.03, nu: 0.02, other: 0.01 },
  windows: { powershell: 0.8, bash: 0.2 },
};

/** Installation success by platform and architecture: Windows and ARM Linux lag. */
const INSTALL_SUCCESS: Record<Platform, Record<Arch, number>> = {
  macos: { aarch64: 0.95, x86_64: 0.94 },
  linux: { x86_64: 0.94, aarch64: 0.91 },
  windows: { x86_64: 0.88, aarch64: 0.85 },
};

const BACKEND: Record<Backend, number> = { static: 0.75, embedded: 0.25 };
const SUCCESS: Record<Backend, number> = { static: 0.9, embedded: 0.83 };

/** Failure reasons per backend; overall each lands between 1.7% and 2.6% of all queries. */
const ERRORS: Record<Backend, Record<ErrorCategory, number>> = {
  static: { validation_failed: 0.26, unsafe_command: 0.3, parse_error: 0.2, timeout: 0.12, backend_unavailable: 0.12 },
  embedded: { timeout: 0.4, backend_unavailable: 0.2, parse_error: 0.15, validation_failed: 0.15, unsafe_command: 0.1 },
};

const QUERY_CATEGORIES = {
  file_management: 0.3,
  system_monitoring: 0.16,
  devops: 0.14,
  git: 0.13,
  text_processing: 0.11,
  networking: 0.08,
  package_management: 0.05,
  other: 0.03,
} as const;

const CRASH = 0.0004;
const OPT_OUT = 0.25;
/** Share of sessions that end with the NPS question answered. */
const SURVEY = 0.04;
/** NPS answers: 60% promoters (9-10), 28% passives (7-8), 12% detractors (0-6): an NPS near 48. */
const NPS_SCORES: Record<string, number> = { '10': 0.32, '9': 0.28, '8': 0.17, '7': 0.11, '6': 0.05, '5': 0.03, '4': 0.02, '3': 0.01, '0': 0.01 };

function weightedSome<K extends string>(rng: Rng, table: Partial<Record<K, number>>): K {
  return weighted(rng, table as Record<K, number>);
}

function newUser(rng: Rng): CaroUser {
  const platform = weighted(rng, PLATFORMS);
  return {
    id: userId(rng),
    sessionsPerDay: uniform(rng, 0.5, 2),
    joinedAt: joinedAt(rng),
    platform,
    arch: weighted(rng, ARCHES[platform]),
    shell: chance(rng, 0.97) ? weightedSome(rng, SHELLS[platform]) : undefined,
    version: chance(rng, 0.85) ? '1.1.0-beta' : '1.0.4',
  };
}

/** install.sh runs, retried after a failure; returns whether it finally succeeded. */
function install(rng: Rng, user: CaroUser, out: SessionWriter, retries: number): boolean {
  const run = sessionId(rng);
  for (let attempt = 0; attempt <= retries; attempt++) {
    const success = chance(rng, INSTALL_SUCCESS[user.platform][user.arch]);
    out.emit('install_attempt', { platform: user.platform, arch: user.arch, success }, run);
    if (success) return true;
    out.wait(uniform(rng, 1, 10) * MINUTE);
  }
  return false;
}

/**
 * Now and then the session ends with the NPS question answered. Drawn from the session id, not from
 * the traffic's generator, so that the answers leave every other draw of the mix as it was.
 */
function survey(out: SessionWriter): void {
  const rng = mulberry32(Number.parseInt(out.sessionId.slice(2, 10), 16));
  if (chance(rng, SURVEY)) out.emit('survey_answer', { score: Number(weighted(rng, NPS_SCORES)) });
}

function latency(rng: Rng, backend: Backend, error: ErrorCategory | undefined): number {
  if (error === 'timeout') return backend === 'static' ? 1000 + exponential(rng, 50) : 5000 + exponential(rng, 200);
  if (error === 'backend_unavailable') return logNormal(rng, 30, 0.5);
  return backend === 'static' ? logNormal(rng, 40, 0.46) : logNormal(rng, 900, 0.38);
}

/** One query: generation, then validation and confidence scoring on the embedded backend, then maybe execution. */
function query(rng: Rng, out: SessionWriter): void {
  const backend = weighted(rng, BACKEND);
  const success = chance(rng, SUCCESS[backend]);
  const error = success ? undefined : weighted(rng, ERRORS[backend]);
  const duration = latency(rng, backend, error);
  out.emit('command_generation', {
    backend,
    success,
    duration_ms: round(duration, 1),
    error_category: error,
    query_category: chance(rng, 0.95) ? weighted(rng, QUERY_CATEGORIES) : undefined,
  });
  if (backend === 'embedded') {
    const initialFailed = chance(rng, 0.26);
    out.emit('validation_repair', { initial_failed: initialFailed, repair_succeeded: initialFailed && chance(rng, 0.78) });
    const confidence = round(clamp(normal(rng, 0.82, 0.1), 0.05, 0.99), 3);
    out.emit('confidence_refinement', { initial_confidence: confidence, refinement_triggered: confidence < 0.75 });
  }
  out.wait(duration);
  if (success && chance(rng, 0.85)) {
    out.wait(SECOND + exponential(rng, 6 * SECOND));
    out.emit('command_execution', { success: chance(rng, 0.96) });
  }
}

function session(rng: Rng, user: CaroUser, first: boolean): Draft[] {
  const out = new SessionWriter(user.id, sessionId(rng));
  if (first) {
    install(rng, user, out, 3);
    out.wait(uniform(rng, 10, 120) * SECOND);
    out.emit('telemetry_consent', { enabled: true });
  }
  const start = out.offsetMs;
  out.emit('session_start', { platform: user.platform, arch: user.arch, shell_type: user.shell, version: user.version });
  const queries = 1 + poisson(rng, 4.2);
  for (let i = 0; i < queries; i++) {
    out.wait(3 * SECOND + exponential(rng, 40 * SECOND));
    query(rng, out);
  }
  out.wait(exponential(rng, 30 * SECOND));
  survey(out);
  out.emit('session_end', { crashed: chance(rng, CRASH), duration_s: round((out.offsetMs - start) / SECOND, 1) });
  return out.drafts;
}

/** Someone outside the population installs caro; a quarter answer "no" to telemetry and send nothing more. */
function stranger(rng: Rng): Draft[] {
  const user = newUser(rng);
  const out = new SessionWriter(user.id, sessionId(rng));
  if (!install(rng, user, out, chance(rng, 0.5) ? 1 : 0)) return out.drafts;
  out.wait(uniform(rng, 10, 120) * SECOND);
  const enabled = !chance(rng, OPT_OUT);
  out.emit('telemetry_consent', { enabled });
  if (!enabled) return out.drafts;
  const later = session(rng, user, false);
  return [...out.drafts, ...later.map((draft) => ({ ...draft, offsetMs: draft.offsetMs + out.offsetMs }))];
}

export const caro: Profile<CaroUser> = {
  name: 'caro',
  defaultUsers: 220,
  strangerShare: 0.05,
  user: newUser,
  session,
  stranger,
};

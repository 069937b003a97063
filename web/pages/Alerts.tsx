/** Alerts: firing and pending with since, value and runbook; acknowledge and silence; silences; history. */
import { useState } from 'preact/hooks';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, Loading } from '../components/Notes.js';
import { acknowledge, fetchAlerts, fetchHistory, type Alert } from '../data/alerts.js';
import { expireSilence, fetchSilences, silenceAlert } from '../data/silences.js';
import { ago, formatValue } from '../lib/format.js';

const DURATIONS: readonly [string, number][] = [
  ['1 hour', 3_600_000],
  ['4 hours', 4 * 3_600_000],
  ['1 day', 86_400_000],
  ['1 week', 7 * 86_400_000],
];

function AlertActions({ alert, done }: { alert: Alert; done: (message: string) => void }) {
  const { access, by } = useShell();
  const [duration, setDuration] = useState(DURATIONS[0]?.[1] ?? 3_600_000);
  const [error, setError] = useState<string | undefined>();
  if (access !== 'admin') return <span class="muted">read-only</span>;
  const run = (action: () => Promise<unknown>, message: string) => () =>
    action().then(
      () => (setError(undefined), done(message)),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <div class="actions">
      {alert.state === 'firing' && !alert.acknowledged_by && (
        <button type="button" onClick={run(() => acknowledge(alert.fingerprint, by), `Acknowledged ${alert.rule}`)}>
          Acknowledge
        </button>
      )}
      <label>
        <span class="sr-only">Silence {alert.rule} for</span>
        <select value={duration} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
          {DURATIONS.map(([label, ms]) => (
            <option key={ms} value={ms}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={run(() => silenceAlert(alert.labels, duration, by), `Silenced ${alert.rule}`)}>
        Silence
      </button>
      {error && <ErrorNote message={error} />}
    </div>
  );
}

function AlertRow({ alert, done }: { alert: Alert; done: (message: string) => void }) {
  const runbook = alert.annotations.runbook;
  return (
    <tr data-alert={alert.fingerprint} data-state={alert.state}>
      <td data-label="severity">
        <span class={`sev sev-${alert.severity ?? 'none'}`}>{alert.severity ?? '—'}</span>
      </td>
      <th scope="row">
        {alert.annotations.summary ?? alert.rule}
        <div class="muted">{alert.rule}</div>
      </th>
      <td data-label="state">
        {alert.state}
        {alert.acknowledged_by && <div class="muted" data-acknowledged>acknowledged by {alert.acknowledged_by}</div>}
        {alert.silenced_by.length > 0 && <div class="muted">silenced</div>}
        {alert.inhibited_by.length > 0 && <div class="muted">inhibited</div>}
      </td>
      <td data-label="since">
        <time dateTime={alert.since} title={new Date(alert.since).toLocaleString()}>
          {ago(Date.parse(alert.since), Date.now())}
        </time>
      </td>
      <td data-label="value" data-value>{formatValue(alert.value, alert.unit ?? '')}</td>
      <td data-label="runbook">{runbook ? <a href={runbook} rel="noreferrer noopener" target="_blank">runbook</a> : '—'}</td>
      <td data-label="actions">
        <AlertActions alert={alert} done={done} />
      </td>
    </tr>
  );
}

function AlertTable({ title, alerts, done }: { title: string; alerts: readonly Alert[]; done: (message: string) => void }) {
  return (
    <section aria-label={title}>
      <h2 class="section">
        {title} ({alerts.length})
      </h2>
      {alerts.length === 0 ? (
        <p class="note">None.</p>
      ) : (
        <table class="alerts cards">
          <thead>
            <tr>
              <th scope="col">severity</th>
              <th scope="col">alert</th>
              <th scope="col">state</th>
              <th scope="col">since</th>
              <th scope="col">value</th>
              <th scope="col">runbook</th>
              <th scope="col">actions</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <AlertRow key={a.fingerprint} alert={a} done={done} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Alerts() {
  const { tick, access } = useShell();
  const [message, setMessage] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const alerts = useLoad(fetchAlerts, [tick, version]);
  const silences = useLoad(fetchSilences, [tick, version]);
  const history = useLoad(() => fetchHistory(50), [tick, version]);
  const done = (text: string): void => {
    setMessage(text);
    setVersion((v) => v + 1);
  };
  if (alerts.error) return <ErrorNote message={alerts.error} />;
  if (!alerts.data) return <Loading />;
  const list = alerts.data;
  const active = (silences.data ?? []).filter((s) => s.status.state !== 'expired');
  return (
    <>
      <h1>Alerts</h1>
      <p role="status" class="flash">
        {message ?? ''}
      </p>
      <AlertTable title="Firing" alerts={list.filter((a) => a.state === 'firing')} done={done} />
      <AlertTable title="Pending" alerts={list.filter((a) => a.state === 'pending')} done={done} />
      <AlertTable title="Other" alerts={list.filter((a) => a.state !== 'firing' && a.state !== 'pending')} done={done} />
      <section aria-label="Silences">
        <h2 class="section">Silences ({active.length})</h2>
        {active.length === 0 ? (
          <p class="note">No active or pending silence.</p>
        ) : (
          <ul class="silences">
            {active.map((s) => (
              <li key={s.id}>
                {s.matchers.map((m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}"${m.value}"`).join(', ')} · until {new Date(s.endsAt).toLocaleString()} · by {s.createdBy}{' '}
                {access === 'admin' && (
                  <button type="button" onClick={() => void expireSilence(s.id).then(() => done('Silence expired'), (e: unknown) => setMessage(String(e)))}>
                    Expire
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="History">
        <h2 class="section">History</h2>
        <ol class="history">
          {(history.data ?? []).map((t) => (
            <li key={`${t.at}-${t.fingerprint}-${t.reason}`}>
              <time dateTime={t.at}>{new Date(t.at).toLocaleString()}</time> · {t.rule}: {t.from} → {t.to} ({t.reason.replace(/_/g, ' ')}){t.severity ? ` · ${t.severity}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

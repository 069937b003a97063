/** On call: who holds each schedule now and next, the calendar feeds, and the run-time overrides (a form and a list). */
import { useState } from 'preact/hooks';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, Loading } from '../components/Notes.js';
import { addOverride, deleteOverride, fetchCalendars, fetchOnCall, fetchOverrides, type OnCallPerson, type Override } from '../data/oncall.js';

const who = (p: OnCallPerson): string => `${p.person === null ? 'nobody' : (p.name ?? p.person)}${p.layer ? ` (${p.layer})` : ''}${p.source === 'override' ? ' · override' : ''}`;
const when = (iso: string): string => new Date(iso).toLocaleString();

function OverrideForm({ schedules, done }: { schedules: readonly string[]; done: (message: string) => void }) {
  const { by } = useShell();
  const [fields, setFields] = useState({ schedule: schedules[0] ?? '', person: '', from: '', to: '' });
  const [error, setError] = useState<string | undefined>();
  const field = (name: keyof typeof fields, label: string, hint: string) => (
    <label>
      {label}
      <input name={name} value={fields[name]} placeholder={hint} required onInput={(e) => setFields({ ...fields, [name]: e.currentTarget.value })} />
    </label>
  );
  const submit = (e: Event): void => {
    e.preventDefault();
    addOverride(fields, by).then(
      (answer) => (setError(undefined), done(`Override ${answer.override.id}: ${answer.override.person} holds ${answer.override.schedule}`)),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  };
  return (
    <form class="override-form" onSubmit={submit} aria-label="Add an override">
      <label>
        Schedule
        <select name="schedule" value={fields.schedule} onChange={(e) => setFields({ ...fields, schedule: e.currentTarget.value })}>
          {schedules.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {field('person', 'Person', 'person id, e.g. ben')}
      {field('from', 'From', '2026-12-24T09:00Z')}
      {field('to', 'To', '2026-12-27T09:00Z')}
      <button type="submit">Add override</button>
      {error && <ErrorNote message={error} />}
    </form>
  );
}

function OverrideList({ overrides, done }: { overrides: readonly Override[]; done: (message: string) => void }) {
  const { access, by } = useShell();
  if (overrides.length === 0) return <p class="note">No overrides made at run time.</p>;
  return (
    <ul class="overrides">
      {overrides.map((o) => (
        <li key={o.id} data-override={o.id}>
          {o.schedule}: {o.person} from {when(o.from)} to {when(o.to)} · by {o.created_by}{' '}
          {access === 'admin' && (
            <button type="button" onClick={() => void deleteOverride(o.id, by).then(() => done(`Override ${o.id} deleted`), (e: unknown) => done(String(e)))}>
              Delete
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function OnCall() {
  const { tick, access } = useShell();
  const [message, setMessage] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const oncall = useLoad(fetchOnCall, [tick, version]);
  const overrides = useLoad(fetchOverrides, [tick, version]);
  const calendars = useLoad(fetchCalendars, [version]);
  const done = (text: string): void => {
    setMessage(text);
    setVersion((v) => v + 1);
  };
  if (oncall.error) return <ErrorNote message={oncall.error} />;
  if (!oncall.data) return <Loading />;
  const schedules = oncall.data.schedules;
  const feeds = new Map((calendars.data?.schedules ?? []).map((c) => [c.schedule, c.url]));
  return (
    <>
      <h1>On call</h1>
      <p role="status" class="flash">
        {message ?? ''}
      </p>
      {schedules.length === 0 && <p class="note">The plan has no schedules.</p>}
      {schedules.map((s) => (
        <section key={s.id} aria-label={`Schedule ${s.id}`} data-schedule={s.id}>
          <h2 class="section">
            {s.id} <span class="muted">({s.timezone})</span>
          </h2>
          <p>
            Now: <strong>{who(s.now)}</strong> until {when(s.now.until)}
          </p>
          <ol class="shifts">
            {s.next.map((n) => (
              <li key={n.from}>
                {who(n)} from {when(n.from)} to {when(n.until)}
              </li>
            ))}
          </ol>
          {feeds.get(s.id) && (
            <p>
              <a href={feeds.get(s.id)}>Calendar feed</a>
            </p>
          )}
        </section>
      ))}
      <section aria-label="Overrides">
        <h2 class="section">Overrides</h2>
        {access === 'admin' && <OverrideForm schedules={schedules.map((s) => s.id)} done={done} />}
        <OverrideList overrides={overrides.data?.overrides ?? []} done={done} />
      </section>
    </>
  );
}

/** Incidents: the list with the scheduled maintenance, and one incident with its roles, timeline, updates, status changes and resolution. */
import { useState } from 'preact/hooks';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, Loading } from '../components/Notes.js';
import { IncidentRoles } from '../components/IncidentRoles.js';
import { Maintenance } from '../components/Maintenance.js';
import { PageNow } from '../components/PageNow.js';
import { changeStatus, fetchIncident, fetchIncidents, postUpdate, resolveIncident, type Incident, type IncidentStatus } from '../data/incidents.js';
import { ago } from '../lib/format.js';

const STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

export function Incidents() {
  const { tick } = useShell();
  const incidents = useLoad(() => fetchIncidents('all'), [tick]);
  if (incidents.error) return <ErrorNote message={incidents.error} />;
  if (!incidents.data) return <Loading />;
  return (
    <>
      <h1>Incidents</h1>
      {incidents.data.length === 0 ? (
        <p class="note">No incident has been declared. Declare one with <code>launchwatch incident declare</code> or <code>POST /api/v1/incidents</code>.</p>
      ) : (
        <table class="incidents cards">
          <thead>
            <tr>
              <th scope="col">id</th>
              <th scope="col">title</th>
              <th scope="col">severity</th>
              <th scope="col">status</th>
              <th scope="col">declared</th>
              <th scope="col">commander</th>
            </tr>
          </thead>
          <tbody>
            {incidents.data.map((i) => (
              <tr key={i.id} data-incident={i.id}>
                <td data-label="id">
                  <a href={`#/incidents/${encodeURIComponent(i.id)}`}>{i.id}</a>
                </td>
                <th scope="row">{i.title}</th>
                <td data-label="severity">{i.severity}</td>
                <td data-label="status">{i.status}</td>
                <td data-label="declared">{ago(Date.parse(i.declared_at), Date.now())}</td>
                <td data-label="commander">{i.commander ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Maintenance />
    </>
  );
}

function Actions({ incident, done }: { incident: Incident; done: (message: string) => void }) {
  const { by } = useShell();
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [status, setStatus] = useState<IncidentStatus>(incident.status === 'resolved' ? 'investigating' : incident.status);
  const [error, setError] = useState<string | undefined>();
  const run = (action: () => Promise<unknown>, message: string): void => {
    action().then(
      () => (setError(undefined), setText(''), done(message)),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <section class="panel" aria-label="Act on the incident">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(() => postUpdate(incident.id, text, isPublic, by), isPublic ? 'Public update posted' : 'Note added');
        }}
      >
        <label for="update-text">Update</label>
        <textarea id="update-text" value={text} onInput={(e) => setText(e.currentTarget.value)} required rows={3} />
        <label class="inline">
          <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} /> public (shown on the status page)
        </label>
        <button type="submit">Post update</button>
      </form>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(() => changeStatus(incident.id, status, by), `Status: ${status}`);
        }}
      >
        <label for="status-select">Status</label>
        <select id="status-select" value={status} onChange={(e) => setStatus(e.currentTarget.value as IncidentStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="submit">Change status</button>
        <button type="button" class="danger" onClick={() => run(() => resolveIncident(incident.id, text.trim(), by), 'Resolved')}>
          Resolve
        </button>
      </form>
      {error && <ErrorNote message={error} />}
    </section>
  );
}

export function IncidentDetail({ id }: { id: string }) {
  const { tick, access } = useShell();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string | undefined>();
  const loaded = useLoad(() => fetchIncident(id), [id, tick, version]);
  if (loaded.error) return <ErrorNote message={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const { incident, timeline } = loaded.data;
  return (
    <>
      <p>
        <a href="#/incidents">← Incidents</a>
      </p>
      <h1>
        {incident.id}: {incident.title}
      </h1>
      <p class="detail-now">
        <span class="sev">{incident.severity}</span> · <span data-incident-status>{incident.status}</span> · commander {incident.commander ?? 'none'} · declared {new Date(incident.declared_at).toLocaleString()}
        {incident.next_update_due_at && ` · next update due ${new Date(incident.next_update_due_at).toLocaleTimeString()}`}
      </p>
      {incident.summary && <p>{incident.summary}</p>}
      <p role="status" class="flash">
        {message ?? ''}
      </p>
      {access === 'admin' && incident.status !== 'resolved' && (
        <PageNow
          id={incident.id}
          done={(text) => {
            setMessage(text);
            setVersion((v) => v + 1);
          }}
        />
      )}
      {access === 'admin' && incident.status !== 'resolved' && (
        <Actions
          incident={incident}
          done={(text) => {
            setMessage(text);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <IncidentRoles
        incident={incident}
        done={(text) => {
          setMessage(text);
          setVersion((v) => v + 1);
        }}
      />
      <h2 class="section">Timeline</h2>
      <ol class="timeline">
        {timeline.map((entry, i) => (
          <li key={i} class={entry.public ? 'public' : ''}>
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> · <strong>{entry.kind.replace(/_/g, ' ')}</strong> by {entry.by}
            {entry.public && <span class="tag">public</span>}
            <div>{entry.text}</div>
          </li>
        ))}
      </ol>
    </>
  );
}

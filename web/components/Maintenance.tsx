/** Scheduled maintenance of the status page: the windows not ended, a form to schedule one, and cancelling those scheduled here. */
import { useState } from 'preact/hooks';
import { cancelMaintenance, fetchMaintenance, scheduleMaintenance, type MaintenanceWindow } from '../data/maintenance.js';
import { useShell } from './context.js';
import { useLoad } from './load.js';
import { ErrorNote } from './Notes.js';

const when = (iso: string): string => new Date(iso).toLocaleString();
const EMPTY = { components: '', from: '', to: '', message: '' };

function MaintenanceForm({ done }: { done: (message: string) => void }) {
  const { by } = useShell();
  const [fields, setFields] = useState(EMPTY);
  const [error, setError] = useState<string | undefined>();
  const field = (name: 'components' | 'from' | 'to', label: string, hint: string) => (
    <label>
      {label}
      <input name={name} value={fields[name]} placeholder={hint} required onInput={(e) => setFields({ ...fields, [name]: e.currentTarget.value })} />
    </label>
  );
  const submit = (e: Event): void => {
    e.preventDefault();
    const components = fields.components.split(',').map((c) => c.trim()).filter((c) => c !== '');
    scheduleMaintenance({ components, from: fields.from.trim(), to: fields.to.trim(), message: fields.message }, by).then(
      (answer) => (setError(undefined), setFields(EMPTY), done(`Maintenance ${answer.maintenance.id} scheduled`)),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  };
  return (
    <form class="stack-form" onSubmit={submit} aria-label="Schedule maintenance">
      {field('components', 'Components', 'component ids, e.g. api, web')}
      {field('from', 'From', '2026-12-10T02:00:00Z')}
      {field('to', 'To', '2026-12-10T03:00:00Z')}
      <label>
        Message
        <textarea name="message" rows={2} value={fields.message} required onInput={(e) => setFields({ ...fields, message: e.currentTarget.value })} />
      </label>
      <button type="submit">Schedule maintenance</button>
      {error && <ErrorNote message={error} />}
    </form>
  );
}

function WindowItem({ window: w, done }: { window: MaintenanceWindow; done: (message: string) => void }) {
  const { access } = useShell();
  return (
    <li data-maintenance={w.id}>
      {w.components.join(', ')} from {when(w.from)} to {when(w.to)}: {w.message}
      {w.source === 'plan' ? (
        <span class="tag">plan</span>
      ) : (
        access === 'admin' && (
          <button type="button" onClick={() => void cancelMaintenance(w.id).then(() => done(`Maintenance ${w.id} cancelled`), (e: unknown) => done(String(e)))}>
            Cancel
          </button>
        )
      )}
    </li>
  );
}

export function Maintenance() {
  const { tick, access } = useShell();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string | undefined>();
  const windows = useLoad(fetchMaintenance, [tick, version]);
  const done = (text: string): void => {
    setMessage(text);
    setVersion((v) => v + 1);
  };
  return (
    <section aria-label="Scheduled maintenance">
      <h2 class="section">Scheduled maintenance</h2>
      <p role="status" class="flash">
        {message ?? ''}
      </p>
      {windows.error && <ErrorNote message={windows.error} />}
      {windows.data &&
        (windows.data.length === 0 ? (
          <p class="note">No maintenance scheduled.</p>
        ) : (
          <ul class="maintenance">
            {windows.data.map((w) => (
              <WindowItem key={w.id} window={w} done={done} />
            ))}
          </ul>
        ))}
      {access === 'admin' && <MaintenanceForm done={done} />}
    </section>
  );
}

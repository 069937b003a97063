/** The incident page's "Page now": a person, whoever a schedule has on call, or an escalation policy, into the incident. */
import { useState } from 'preact/hooks';
import { pageIncident, type PageTargetKind } from '../data/incidents.js';
import { useShell } from './context.js';

const KINDS: readonly PageTargetKind[] = ['person', 'schedule', 'escalation'];

export function PageNow({ id, done }: { id: string; done: (message: string) => void }) {
  const { by } = useShell();
  const [kind, setKind] = useState<PageTargetKind>('schedule');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      class="inline-form"
      aria-label="Page now"
      onSubmit={(e) => {
        e.preventDefault();
        pageIncident(id, kind, target.trim(), by).then(
          (answer) => (setError(undefined), setTarget(''), done(`Paged ${answer.paged.join(', ') || 'nobody'}`)),
          (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
        );
      }}
    >
      <label for="page-kind">Page now</label>
      <select id="page-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as PageTargetKind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <input id="page-target" aria-label="Whom to page" value={target} onInput={(e) => setTarget(e.currentTarget.value)} required />
      <button type="submit">Page</button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}

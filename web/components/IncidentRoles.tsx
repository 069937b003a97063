/** The incident page's roles (incidents.roles): who holds each, and for admins a form to assign or take one back. */
import { useState } from 'preact/hooks';
import { assignRole, type Incident } from '../data/incidents.js';
import { useShell } from './context.js';

export function IncidentRoles({ incident, done }: { incident: Incident; done: (message: string) => void }) {
  const { access, by } = useShell();
  const roles = Object.keys(incident.roles);
  const [role, setRole] = useState(roles.find((r) => r !== 'commander') ?? 'commander');
  const [person, setPerson] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (who: string | null): void => {
    assignRole(incident.id, role, who, by).then(
      () => (setError(undefined), setPerson(''), done(who === null ? `${role} unassigned` : `${role}: ${who}`)),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <section aria-label="Roles">
      <h2 class="section">Roles</h2>
      <ul class="roles">
        {Object.entries(incident.roles).map(([name, holder]) => (
          <li key={name} data-role={name}>
            {name}: <strong>{holder ?? 'unassigned'}</strong>
          </li>
        ))}
      </ul>
      {access === 'admin' && incident.status !== 'resolved' && (
        <form
          class="inline-form"
          aria-label="Assign a role"
          onSubmit={(e) => {
            e.preventDefault();
            submit(person.trim());
          }}
        >
          <label for="role-select">Role</label>
          <select id="role-select" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <input id="role-person" aria-label="Person" placeholder="person id, e.g. ana" value={person} onInput={(e) => setPerson(e.currentTarget.value)} required />
          <button type="submit">Assign</button>
          <button type="button" onClick={() => submit(null)}>
            Unassign
          </button>
          {error && <span role="alert">{error}</span>}
        </form>
      )}
    </section>
  );
}

/** Messages every page may show: an error, waiting, the first-event guide. */
export function ErrorNote({ message }: { message: string }) {
  return (
    <p class="note note-error" role="alert">
      {message}
    </p>
  );
}

export function Loading() {
  return <p class="note" aria-busy="true">Loading…</p>;
}

/** No event stored yet: how to send the first one. */
export function FirstEvent({ types }: { types: readonly string[] }) {
  const type = types[0] ?? 'your_event';
  const example = `curl -X POST ${location.origin}/v1/events \\
  -H "Authorization: Bearer $INGEST_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '{"events": [{"type": "${type}", "timestamp": "${new Date().toISOString()}", "properties": {}}]}'`;
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">No data yet</h2>
      <p>
        launchwatch has not stored any event. Send one to <code>POST /v1/events</code> with an ingest key from the plan's <code>ingest.keys</code>; the plan declares{' '}
        {types.length ? types.map((t, i) => <span key={t}>{i ? ', ' : ''}<code>{t}</code></span>) : 'no event types'}.
      </p>
      <pre tabIndex={0}>{example}</pre>
      <p>Add the properties the plan declares for the type. This page updates on its own when the events arrive.</p>
    </section>
  );
}

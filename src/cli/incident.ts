/**
 * `launchwatch incident …` and `launchwatch postmortem`: incidents of a running server, from declaration to
 * post-mortem. The options of each subcommand; what they do is incident-read.ts's (list, show, stats,
 * message, postmortem), incident-write.ts's (declare, update, page, ack, resolve, action-item) and
 * incident-role.ts's.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { COMPONENT_STATES, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../incidents/types.js';
import type { ClientOptions } from './client.js';
import { listCommand, messageCommand, postmortemCommand, showCommand, statsCommand } from './incident-read.js';
import { registerRoleCommand } from './incident-role.js';
import { ackCommand, actionItemCommand, declareCommand, pageCommand, resolveCommand, updateCommand } from './incident-write.js';

function oneOf(values: readonly string[], what: string) {
  return (value: string): string => {
    if (!values.includes(value)) throw new InvalidArgumentError(`${what} is one of ${values.join(', ')}`);
    return value;
  };
}

/** `--component cli=degraded`, repeatable; no default, so that --help shows none (none given: no component). */
function component(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [id, state = 'degraded'] = value.split('=', 2);
  if (!id || !(COMPONENT_STATES as readonly string[]).includes(state)) throw new InvalidArgumentError(`expected id=state, the state one of ${COMPONENT_STATES.join(', ')}`);
  return { ...previous, [id]: state };
}

export function registerIncidentCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const me = process.env.USER ?? 'cli';
  const finish = (code: number): void => {
    process.exitCode = code;
  };
  const incident = program.command('incident').description('declare, follow and resolve incidents on a running server');
  incident
    .command('declare')
    .description('declare an incident; prints its id')
    .requiredOption('--title <text>', 'what is wrong, as users may read it')
    .requiredOption('--severity <sev>', `one of ${INCIDENT_SEVERITIES.join(', ')}`, oneOf(INCIDENT_SEVERITIES, 'a severity'))
    .option('--component <id=state>', `an affected component and its state (${COMPONENT_STATES.join(', ')}); repeatable`, component)
    .option('--commander <person>', 'who leads the response (declaring yourself acknowledges it)')
    .option('--summary <text>', 'what is known, for the team')
    .option('--public-message <text>', 'a first public update for the status page')
    .option('--by <name>', 'who declares', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; title: string; severity: string; component?: Record<string, string>; commander?: string; summary?: string; publicMessage?: string; by: string }) =>
      finish(await declareCommand({ ...client(o.url), ...o, components: o.component ?? {} })),
    );
  incident
    .command('list')
    .description('list incidents')
    .option('--status <status>', 'open, resolved, all, or one status', 'all')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; status: string; json: boolean }) => finish(await listCommand({ ...client(o.url), status: o.status, json: o.json })));
  incident
    .command('show')
    .description('an incident with its timeline and action items')
    .argument('<id>', 'e.g. INC-3')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; json: boolean }) => finish(await showCommand({ ...client(o.url), id, json: o.json })));
  incident
    .command('update')
    .description('add a note (or a public update with --public), and change status, severity, commander or components')
    .argument('<id>', 'e.g. INC-3')
    .option('--text <text>', 'the update')
    .option('--public', 'show it on the status page', false)
    .option('--status <status>', INCIDENT_STATUSES.join(', '), oneOf(INCIDENT_STATUSES, 'a status'))
    .option('--severity <sev>', INCIDENT_SEVERITIES.join(', '), oneOf(INCIDENT_SEVERITIES, 'a severity'))
    .option('--commander <person>', 'hand command over')
    .option('--component <id=state>', 'a component state; repeatable', component)
    .option('--by <name>', 'who updates', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; text?: string; public: boolean; status?: string; severity?: string; commander?: string; component?: Record<string, string>; by: string }) =>
      finish(await updateCommand({ ...client(o.url), ...o, id, components: o.component ?? {} })),
    );
  incident
    .command('ack')
    .description('acknowledge an incident')
    .argument('<id>', 'e.g. INC-3')
    .option('--by <name>', 'who takes it', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; by: string }) => finish(await ackCommand({ ...client(o.url), id, by: o.by })));
  incident
    .command('resolve')
    .description('resolve an incident')
    .argument('<id>', 'e.g. INC-3')
    .option('--text <text>', 'the public resolution message')
    .option('--by <name>', 'who resolves', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; text?: string; by: string }) => finish(await resolveCommand({ ...client(o.url), id, by: o.by, ...(o.text ? { text: o.text } : {}) })));
  incident
    .command('page')
    .description('page a person, the on-call of a schedule or an escalation policy into an open incident')
    .argument('<id>', 'e.g. INC-3')
    .option('--person <id>', 'a person of the plan')
    .option('--schedule <id>', 'whoever the schedule has on call now')
    .option('--escalation <id>', 'the first step of an escalation policy')
    .option('--message <text>', 'what the page says')
    .option('--by <name>', 'who pages', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; person?: string; schedule?: string; escalation?: string; message?: string; by: string }) => finish(await pageCommand({ ...client(o.url), ...o, id })));
  registerRoleCommand(incident, client, serverUrl, me, finish);
  incident
    .command('action-item')
    .description('add an action item to an incident')
    .argument('<id>', 'e.g. INC-3')
    .requiredOption('--title <text>', 'what to do')
    .option('--owner <person>', 'who does it')
    .option('--due <date>', 'when, e.g. 2026-12-01')
    .option('--by <name>', 'who adds it', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; title: string; owner?: string; due?: string; by: string }) => finish(await actionItemCommand({ ...client(o.url), ...o, id })));
  incident
    .command('message')
    .description("print the user-facing notification for an incident (seed 002's template)")
    .argument('<id>', 'e.g. INC-3')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string }) => finish(await messageCommand({ ...client(o.url), id })));
  incident
    .command('stats')
    .description('MTTA, MTTR and target compliance per severity')
    .option('--window <duration>', 'e.g. 7d, 30d', '30d')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; window: string; json: boolean }) => finish(await statsCommand({ ...client(o.url), window: o.window, json: o.json })));
  program
    .command('postmortem')
    .description('write the post-mortem draft of an incident (Markdown)')
    .argument('<id>', 'e.g. INC-3')
    .option('--out <file>', 'write it to this file (never overwritten) instead of printing it')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; out?: string }) => finish(await postmortemCommand({ ...client(o.url), id, ...(o.out ? { out: o.out } : {}) })));
}

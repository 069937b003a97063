/** `launchwatch incident role <id> <role> [person]`: give a role of `incidents.roles` to a person, or take it back with --unassign. */
import type { Command } from 'commander';
import { ERROR_CODES } from '../errors.js';
import type { IncidentJson, TimelineJson } from '../incidents/json.js';
import { call, type ClientOptions } from './client.js';

type Out = (text: string) => void;
const stdout: Out = (text) => process.stdout.write(text);

export interface RoleOptions extends ClientOptions {
  readonly id: string;
  readonly role: string;
  /** Absent with unassign. */
  readonly person?: string;
  readonly unassign: boolean;
  readonly by: string;
}

export async function roleCommand(options: RoleOptions, out: Out = stdout): Promise<number> {
  if ((options.person === undefined) === !options.unassign) {
    console.error('launchwatch: give the person who takes the role, or --unassign to take it back (not both)');
    return ERROR_CODES.invalid_request.exit;
  }
  const body = { role: options.role, person: options.person ?? null, by: options.by };
  const answer = await call<{ changed: boolean; incident: IncidentJson; entries: TimelineJson[] }>(options, 'POST', `/api/v1/incidents/${encodeURIComponent(options.id)}/roles`, body);
  if (answer.kind === 'failed') return answer.exit;
  const holder = answer.body.incident.roles[options.role] ?? null;
  out(`${answer.body.incident.id} ${options.role}: ${holder ?? 'unassigned'}${answer.body.changed ? '' : ' (unchanged)'}\n`);
  return 0;
}

export function registerRoleCommand(incident: Command, client: (url: string) => ClientOptions, serverUrl: string, me: string, finish: (code: number) => void): void {
  incident
    .command('role')
    .description('give an incident role (incidents.roles: commander, communications, scribe, …) to a person of the plan')
    .argument('<id>', 'e.g. INC-3')
    .argument('<role>', 'a role of incidents.roles')
    .argument('[person]', 'a person of the plan')
    .option('--unassign', 'take the role back', false)
    .option('--by <name>', 'who assigns', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, role: string, person: string | undefined, o: { url: string; unassign: boolean; by: string }) =>
      finish(await roleCommand({ ...client(o.url), id, role, unassign: o.unassign, by: o.by, ...(person !== undefined ? { person } : {}) })),
    );
}

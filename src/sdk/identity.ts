/**
 * Anonymous ids for the SDK: a salted hash of the machine id (never the raw
 * id), falling back to a random id kept in the SDK's directory; a session id
 * per process; an event id per event, for idempotent retries.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/** The OS machine id where there is one to read (Linux, most BSDs); undefined elsewhere. */
export function osMachineId(): string | undefined {
  for (const file of MACHINE_ID_FILES) {
    try {
      const id = readFileSync(file, 'utf8').trim();
      if (id) return id;
    } catch {
      // next
    }
  }
  return undefined;
}

/** A random id created once per SDK directory, for machines without a readable machine id. */
export function installId(dir: string): string {
  const file = join(dir, 'install-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (id) return id;
  } catch {
    // first run
  }
  const id = randomUUID();
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

/** `u_` and 24 hex digits of SHA-256 over the app, a salt and the machine id: stable per app and machine, not reversible. */
export function anonymousId(app: string, salt: string, machineId: string): string {
  return `u_${createHash('sha256').update(`launchwatch-sdk\u0000${app}\u0000${salt}\u0000${machineId}`).digest('hex').slice(0, 24)}`;
}

export const sessionId = (): string => `s_${randomUUID()}`;
export const eventId = (): string => randomUUID();

/**
 * What the store says about itself, for launchwatch's own health figures
 * (GET /metrics): the outbox by state, the size on disk, and the log segments
 * set aside.
 */
import type { NotificationStatus } from '../alerting/types.js';
import type { DiskFullState } from './disk-full.js';

export interface HealthStore {
  /** Notifications in the outbox by state; every state is present, 0 when it has none. */
  notificationCounts(): Promise<Record<NotificationStatus, number>>;
  /** Bytes the store takes on disk (the data directory: the data file, its write-ahead log, the ingest log); null when it has no file. */
  sizeBytes(): Promise<number | null>;
  /** Ingest-log segments the store could not read and set aside for an operator (docs/operations.md); 0 when none. */
  quarantinedSegments(): Promise<number>;
  /** Set while the store's disk is full (docs/operations.md, A full disk); undefined when it has room, or the backend cannot tell. */
  diskFull?(): DiskFullState | undefined;
  /** Called when the disk becomes full (with the state) and when it has room again (undefined). */
  onDiskFull?(listener: (state: DiskFullState | undefined) => void): void;
}

/** Where releases are kept. Every backend passes test/contract/release-store.ts. */
import type { Release } from '../releases/types.js';

export interface ReleaseStore {
  /** Records a release; 'exists' (and nothing written) when its version is already recorded. */
  addRelease(release: Release): Promise<'added' | 'exists'>;
  release(version: string): Promise<Release | undefined>;
  /** Every release, oldest first (by release time, then version). */
  releases(): Promise<Release[]>;
}

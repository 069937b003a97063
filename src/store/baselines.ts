/** Where baselines are kept. Every backend passes test/contract/baseline-store.ts. */
import type { Baseline } from '../baselines/types.js';

export interface BaselineStore {
  /** Writes a baseline, replacing the one of the same name. */
  putBaseline(baseline: Baseline): Promise<void>;
  baseline(name: string): Promise<Baseline | undefined>;
  /** Every stored baseline, by name. */
  baselines(): Promise<Baseline[]>;
}

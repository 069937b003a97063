/** Where the optimisation backlog is kept. Every backend passes test/contract/backlog-store.ts. */
import type { BacklogItem } from '../backlog/types.js';

export interface BacklogStore {
  /** A new item id, `BL-<n>`: never handed out twice, also across restarts. */
  nextBacklogId(): Promise<string>;
  /** Writes an item, replacing the one with its id. */
  putBacklogItem(item: BacklogItem): Promise<void>;
  backlogItem(id: string): Promise<BacklogItem | undefined>;
  /** Every item, in the order they were created. */
  backlogItems(): Promise<BacklogItem[]>;
}

/**
 * Delivery outcomes written as a group commit: an outcome is kept until a
 * write takes it; a write takes everything kept while the one before it ran.
 * Under a burst of deliveries there is one write per batch, not per
 * notification; when deliveries are rare, each is written on its own at
 * once. `settled()` resolves once everything recorded so far is written (or
 * its write failed: the notification then stays pending in the outbox and is
 * tried again, as after a crash).
 */
import type { DeliveryOutcome } from '../store/types.js';

export class OutcomeWriter {
  private kept: DeliveryOutcome[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly write: (outcomes: readonly DeliveryOutcome[]) => Promise<void>,
    private readonly onError: (error: unknown, count: number) => void,
  ) {}

  record(outcome: DeliveryOutcome): void {
    this.kept.push(outcome);
    this.writing ??= this.drain();
  }

  /** Resolves once every outcome recorded before the call has been written or has failed to be. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.kept.length > 0) {
        const batch = this.kept;
        this.kept = [];
        try {
          await this.write(batch);
        } catch (error: unknown) {
          this.onError(error, batch.length);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}

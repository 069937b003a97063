/**
 * A metric whose source is off or has never answered has no value: it is
 * `unknown` with the reason, never a 0 that reads as green. A figure source
 * (src/sources/github/figures.ts) throws this from `measure`; the evaluation,
 * the criteria and the reports catch it and show the reason.
 */
export class SourceUnavailableError extends Error {
  constructor(
    /** What a person reads: "GitHub source disabled: no token". */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SourceUnavailableError';
  }
}

/** The reason, when the error says a source is unavailable. */
export function unavailableReason(error: unknown): string | undefined {
  return error instanceof SourceUnavailableError ? error.reason : undefined;
}

/** Releases: a version shipped at a moment, the marker impact is measured around. */

export interface Release {
  /** As people write it: "1.1.0", "v2.3.0-rc.1", "2026-11-20.2". */
  readonly version: string;
  /** When it reached users, epoch ms. */
  readonly at: number;
  readonly notes: string | null;
  /** When it was recorded, epoch ms. */
  readonly recordedAt: number;
}

/** A version: 1 to 64 characters, letters, digits and . _ + - (no spaces, no slashes: it is a path segment). */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

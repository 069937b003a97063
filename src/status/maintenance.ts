/**
 * Scheduled maintenance: the windows of the plan (`status_page.maintenance`)
 * and those declared through the API (kept in the TalkStore). The page shows
 * each window ahead of time and while it runs; its components' alerts are
 * muted for its span, as a silence of `component=<id>` from its start to its
 * end is (the alerting's own mute: no notification, no incident, and what is
 * still firing when it ends is sent then). Pure but for MaintenanceBook, which
 * keeps the stored windows in memory for the alert engine's ticks.
 */
import type { Silence } from '../alerting/types.js';
import type { ComponentSpec } from '../plan/incident-types.js';
import type { MaintenanceSpec } from '../plan/talk-types.js';
import type { Plan } from '../plan/types.js';
import type { MaintenanceWindow, TalkStore } from '../store/talk.js';

/** How far ahead the page shows a scheduled window. */
export const SHOWN_AHEAD_MS = 30 * 86_400_000;

export interface MaintenanceView {
  readonly id: string;
  readonly state: 'scheduled' | 'in_progress';
  readonly from: number;
  readonly to: number;
  readonly message: string;
  readonly components: readonly { readonly id: string; readonly name: string }[];
}

/** The windows that have not ended and start within SHOWN_AHEAD_MS, by start. */
export function maintenanceViews(windows: readonly MaintenanceSpec[], components: Readonly<Record<string, ComponentSpec>>, now: number): MaintenanceView[] {
  return windows
    .filter((w) => w.to > now && w.from <= now + SHOWN_AHEAD_MS)
    .sort((a, b) => a.from - b.from || a.id.localeCompare(b.id))
    .map((w) => ({
      id: w.id,
      state: w.from <= now ? 'in_progress' : 'scheduled',
      from: w.from,
      to: w.to,
      message: w.message,
      components: w.components.flatMap((id) => (components[id] ? [{ id, name: components[id].name }] : [])),
    }));
}

/** Each window as silences of its components' alerts (`component=<id>`), for the alert engine. */
export function maintenanceSilences(windows: readonly MaintenanceSpec[]): Silence[] {
  return windows.flatMap((w) =>
    w.components.map((component) => ({
      id: `maintenance:${w.id}:${component}`,
      matchers: [{ name: 'component', value: component, isRegex: false, isEqual: true }],
      startsAt: w.from,
      endsAt: w.to,
      createdBy: 'maintenance',
      comment: w.message,
      updatedAt: w.from,
    })),
  );
}

/** The plan's windows and the stored ones (those kept in memory since the last refresh). */
export class MaintenanceBook {
  private stored: readonly MaintenanceWindow[] = [];

  constructor(
    private readonly store: Pick<TalkStore, 'maintenanceWindows'>,
    private readonly now: () => number,
  ) {}

  /** Reads the stored windows that have not ended. Call at start and after a change. */
  async refresh(): Promise<void> {
    this.stored = await this.store.maintenanceWindows(this.now());
  }

  windows(plan: Plan): MaintenanceSpec[] {
    return [...plan.statusPage.maintenance, ...this.stored];
  }
}

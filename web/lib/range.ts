/** The time ranges of the range picker: 24h, 7d, 30d, or custom "<from>~<to>" in epoch ms. Pure. */
export const PRESETS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type Preset = keyof typeof PRESETS;

export function isPreset(text: string): text is Preset {
  return Object.hasOwn(PRESETS, text);
}

/** The range a picker value stands for at `now`; a bad custom value falls back to 24 h. */
export function resolveRange(value: string, now: number): { from: number; to: number; label: string } {
  if (isPreset(value)) return { from: now - PRESETS[value], to: now, label: `last ${value}` };
  const match = /^(\d+)~(\d+)$/.exec(value);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (match && from < to) return { from, to, label: `${new Date(from).toISOString().slice(0, 16)} to ${new Date(to).toISOString().slice(0, 16)} UTC` };
  return { from: now - PRESETS['24h'], to: now, label: 'last 24h' };
}

export function customRange(from: number, to: number): string {
  return `${Math.round(from)}~${Math.round(to)}`;
}

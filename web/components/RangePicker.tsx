/** 24 h, 7 d, 30 d, or a custom range (local times). */
import { useState } from 'preact/hooks';
import { customRange, isPreset, PRESETS } from '../lib/range.js';

export function RangePicker({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [custom, setCustom] = useState(!isPreset(value));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const apply = (event: Event): void => {
    event.preventDefault();
    const start = new Date(from).getTime();
    const end = new Date(to).getTime();
    if (Number.isFinite(start) && Number.isFinite(end) && start < end) onChange(customRange(start, end));
  };
  return (
    <div class="range" role="group" aria-label="Time range">
      {Object.keys(PRESETS).map((preset) => (
        <button key={preset} type="button" class="chip" aria-pressed={value === preset} onClick={() => (setCustom(false), onChange(preset))}>
          {preset}
        </button>
      ))}
      <button type="button" class="chip" aria-pressed={custom} onClick={() => setCustom(!custom)}>
        custom
      </button>
      {custom && (
        <form class="custom-range" onSubmit={apply}>
          <label>
            From <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} required />
          </label>
          <button type="submit">Show</button>
        </form>
      )}
    </div>
  );
}

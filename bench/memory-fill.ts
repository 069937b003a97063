/**
 * `tsx bench/memory-fill.ts DIR [N]`: fills a data directory with about N
 * (default 9 000 000) caro events over the last 7 days, in-process, for
 * `--only memory --memory-data DIR` (so that several settings are measured on
 * the same stored events without writing them again).
 */
import { fill } from './memory.js';

const [dir, n] = process.argv.slice(2);
if (!dir) throw new Error('usage: tsx bench/memory-fill.ts DIR [N]');
const started = performance.now();
const stored = await fill(dir, Number(n ?? 9_000_000), '4GB');
console.log(`${stored} events in ${dir} in ${((performance.now() - started) / 1000).toFixed(0)} s`);

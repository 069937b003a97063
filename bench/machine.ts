/** What the figures were measured on. */
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import duckdb from '@duckdb/node-api';
import { gib } from './stats.js';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly ram: string;
  readonly os: string;
  readonly node: string;
  readonly duckdb: string;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    ram: gib(totalmem()),
    os: `${platform()} ${release()}`,
    node: process.version,
    duckdb: duckdb.version(),
  };
}

export function printMachine(m: Machine): void {
  console.log(`machine  ${m.cpu}, ${m.cores} cores, ${m.ram} RAM, ${m.os}`);
  console.log(`runtime  Node ${m.node}, DuckDB ${m.duckdb}`);
}

/** Other processes on the machine skew the figures: print the 1- and 5-minute load averages with each part. */
export function load(): string {
  const [one = 0, five = 0] = loadavg();
  return `load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min) on ${availableParallelism()} cores`;
}

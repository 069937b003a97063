/**
 * How a contract suite declares its cases so that a backend may skip some,
 * each with its reason: `{ skip: { 'case name': 'why this backend does not
 * run it' } }`. A skipped case shows in the report with its reason; a skip
 * naming no case of the suite, or without a reason, fails the suite, so a
 * renamed case never turns into a silently skipped one.
 */
import { describe, it } from 'vitest';

/** Cases a backend does not run, by name, each with why. */
export type Skips = Readonly<Record<string, string>>;

export interface ContractOptions {
  readonly skip?: Skips;
}

/** Declares one case of a suite: its name (what a skip list names) and its body. */
export type ContractCase = (name: string, body: () => Promise<void>, timeout?: number) => void;

/** The test runner's calls a suite is made of (vitest's; a test gives its own to watch what a suite registers). */
export interface TestRunner {
  describe(title: string, factory: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
  skip(name: string, body: () => Promise<void>): void;
}

const vitest: TestRunner = {
  describe: (title, factory) => describe(title, factory),
  it: (name, body, timeout) => it(name, body, timeout),
  skip: (name, body) => it.skip(name, body),
};

/** What is wrong with a skip list for these cases: one message per skip naming no case, or without a reason. */
export function skipProblems(cases: readonly string[], skip: Skips): string[] {
  const known = new Set(cases);
  return Object.entries(skip).flatMap(([name, reason]) => [
    ...(known.has(name) ? [] : [`skip names no case of this suite: "${name}"`]),
    ...(reason.trim() === '' ? [`skip of "${name}" gives no reason`] : []),
  ]);
}

/** A contract suite: `define` declares its cases with `test`, run unless the options skip them; a wrong skip list throws, failing the suite. */
export function contractSuite(title: string, options: ContractOptions, define: (test: ContractCase) => void, runner: TestRunner = vitest): void {
  const skip = options.skip ?? {};
  runner.describe(title, () => {
    const names: string[] = [];
    define((name, body, timeout) => {
      names.push(name);
      const reason = Object.hasOwn(skip, name) ? skip[name] : undefined;
      if (reason === undefined) runner.it(name, body, timeout);
      else runner.skip(`${name} (skipped: ${reason})`, body);
    });
    const problems = skipProblems(names, skip);
    if (problems.length > 0) throw new Error(`${title}: ${problems.join('; ')}`);
  });
}

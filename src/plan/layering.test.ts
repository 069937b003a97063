/**
 * src/plan is a leaf of the module graph: its modules import each other,
 * node: builtins and npm packages, nothing else of launchwatch, and their
 * imports form no cycle (types at the bottom, one module per section above
 * them, the assembly — schema.ts, resolve.ts, load.ts — on top). eslint.config.js
 * refuses an import leaving src/plan as it is written; this test checks both
 * rules over the resolved paths.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PLAN = dirname(fileURLToPath(import.meta.url));

/** `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`. */
const IMPORT = /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative specifiers a module imports, resolved to the .ts file they name. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
    .filter((specifier) => specifier.startsWith('.') || specifier.startsWith('/'))
    .map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
}

const name = (file: string): string => relative(PLAN, file).split(sep).join('/');
const inside = (file: string): boolean => !relative(PLAN, file).startsWith('..');

const graph = new Map(sources(PLAN).map((file) => [file, imports(file)]));

/** Every cycle's files in order, each found once from its first module in a depth-first walk. */
function cycles(): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    const at = stack.indexOf(file);
    if (at >= 0) {
      found.push([...stack.slice(at), file].map(name));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next);
    stack.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return found;
}

describe('src/plan layering', () => {
  it('reads the imports of every module', () => {
    expect(graph.size).toBeGreaterThan(20);
    expect(graph.get(join(PLAN, 'resolve.ts'))).toContain(join(PLAN, 'schema.ts'));
  });

  it('imports nothing of launchwatch outside src/plan', () => {
    const leaving = [...graph].flatMap(([file, targets]) => targets.filter((target) => !inside(target)).map((target) => `${name(file)} -> ${relative(join(PLAN, '..', '..'), target)}`));
    expect(leaving).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles().map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});

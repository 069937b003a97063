import { describe, expect, it } from 'vitest';
import { PlanHolder } from './holder.js';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

function planFrom(yaml: string): Plan {
  const result = loadPlanText(yaml, 'test.yaml', {});
  if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

const a = planFrom('version: 1\nproduct: { name: a }\nevents:\n  run: {}\n');
const b = planFrom('version: 1\nproduct: { name: b }\nevents:\n  run: {}\n');

describe('PlanHolder', () => {
  it('serves the plan it was given until another is applied, counting versions', () => {
    const holder = new PlanHolder(a);
    expect(holder.current()).toBe(a);
    expect(holder.version()).toBe(1);
    holder.apply(b);
    expect(holder.current()).toBe(b);
    expect(holder.version()).toBe(2);
  });

  it('tells listeners the new and the previous plan, after the new one is in force', () => {
    const holder = new PlanHolder(a);
    const heard: string[] = [];
    holder.subscribe((next, previous) => heard.push(`${previous.product.name}->${next.product.name}:${holder.current().product.name}`));
    holder.apply(b);
    holder.apply(a);
    expect(heard).toEqual(['a->b:b', 'b->a:a']);
  });

  it('a listener that throws is reported; the others are still told', () => {
    const errors: unknown[] = [];
    const holder = new PlanHolder(a, (error) => errors.push(error));
    const heard: string[] = [];
    holder.subscribe(() => {
      throw new Error('boom');
    });
    holder.subscribe((next) => heard.push(next.product.name));
    holder.apply(b);
    expect(heard).toEqual(['b']);
    expect(errors).toHaveLength(1);
    expect(holder.current()).toBe(b);
  });

  it('stops telling a listener that unsubscribed', () => {
    const holder = new PlanHolder(a);
    const heard: string[] = [];
    const stop = holder.subscribe((next) => heard.push(next.product.name));
    holder.apply(b);
    stop();
    holder.apply(a);
    expect(heard).toEqual(['b']);
  });
});

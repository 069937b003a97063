/**
 * Backlog items as GitHub issues (seed 004 step 5: "create GitHub issues for
 * the top 5"): the body of GitHub's "create an issue" request, with the
 * evidence. Pure.
 */
import { formatValue } from '../format.js';
import type { MetricResult } from '../metrics/evaluate.js';
import { impactWord, type RankedItem } from './rice.js';

/** POST /repos/{owner}/{repo}/issues takes exactly these fields (and more we do not set). */
export interface GithubIssue {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
}

const signed = (x: number): string => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
const figure = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''));

/** Markdown table cells: no pipes or line breaks from what people typed. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function evidence(metricId: string, result: MetricResult | undefined): string {
  if (!result) return `- Metric \`${metricId}\`: not evaluated.`;
  const target = result.target ? ` against the target ${result.target.green}` : ' (no target)';
  const lines = [`- Metric **${result.title}** (\`${metricId}\`): ${formatValue(result.value, result.unit)} over the last ${result.window}${target}, status **${result.status}**, ${result.events} events.`];
  const worst = result.groups.filter((g) => g.status === 'red' || g.status === 'yellow');
  for (const g of worst.slice(0, 5)) {
    const group = Object.entries(g.group).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    lines.push(`  - ${group}: ${formatValue(g.value, result.unit)}${g.target ? ` against ${g.target.green}` : ''}, ${g.status}`);
  }
  return lines.join('\n');
}

export function githubIssue(ranked: RankedItem, openCount: number, result: MetricResult | undefined, product: string): GithubIssue {
  const { item, score } = ranked;
  const body = [
    ...(item.notes ? ['## Why', '', item.notes, ''] : []),
    '## Evidence',
    '',
    evidence(item.metric, result),
    ...(item.expectedChange !== null ? [`- Expected change of \`${item.metric}\`: ${signed(item.expectedChange)}.`] : []),
    '',
    '## Priority (RICE)',
    '',
    '| Reach | Impact | Confidence | Effort | RICE score |',
    '| --- | --- | --- | --- | --- |',
    `| ${figure(item.reach)} | ${figure(item.impact)} (${impactWord(item.impact)}) | ${Math.round(item.confidence * 100)}% | ${figure(item.effort)} | ${figure(score)} |`,
    '',
    `RICE = Reach × Impact × Confidence / Effort. Ranked ${ranked.rank ?? '-'} of ${openCount} open items in the ${cell(product)} optimisation backlog (${item.id}).`,
    '',
    `When it ships: \`launchwatch backlog ship ${item.id} --release <version>\`, then \`launchwatch impact <version>\` measures the change 48 hours on.`,
    '',
  ].join('\n');
  return { title: item.title, body, labels: ['optimization', `metric:${item.metric}`] };
}

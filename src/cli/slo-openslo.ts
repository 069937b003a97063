/** `launchwatch slo import FILE` and `launchwatch slo export`: OpenSLO v1 in and out (src/slo/openslo-*.ts). */
import { readFile } from 'node:fs/promises';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import { openSloDocuments, type ExportedSlo } from '../slo/openslo-export.js';
import { importOpenSlo } from '../slo/openslo-import.js';

/** Exit status when some document was refused (the others are still printed). */
export const REFUSED_EXIT = 1;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lines for the slos: section of a plan, from OpenSLO text. Pure apart from nothing: returns what to print. */
export function importText(text: string): { out: string; errors: string[] } {
  const parsed = parseAllDocuments(text);
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const errors: string[] = [];
  const values = docs.flatMap((d, i) => {
    if (d.errors.length > 0) {
      errors.push(`document ${i + 1}: not YAML: ${d.errors[0]?.message ?? ''}`);
      return [];
    }
    return [d.toJS() as unknown];
  });
  const result = importOpenSlo(values.filter((v) => v !== null));
  errors.push(...result.refused.map((r) => `refused ${r}`), ...result.skipped);
  const out = result.slos.size === 0 ? '' : stringify({ slos: Object.fromEntries(result.slos) }, { lineWidth: 0 });
  if (result.slos.size === 0 && result.refused.length === 0) errors.push('no kind: SLO document in the file');
  return { out, errors };
}

export async function sloImportCommand(file: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    console.error(`launchwatch: cannot read ${file}`);
    return REFUSED_EXIT;
  }
  const { out, errors } = importText(text);
  process.stdout.write(out);
  for (const e of errors) console.error(e);
  return errors.some((e) => e.startsWith('refused ') || e.startsWith('no kind') || e.includes('not YAML')) ? REFUSED_EXIT : 0;
}

/** The product name as an OpenSLO service name (RFC 1123 label). */
const serviceName = (plan: Plan): string => plan.product.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'service';

/** The plan's SLOs as multi-document OpenSLO YAML: the SLIs and alerts as written in the file. */
export function exportText(plan: Plan, planText: string): string {
  const raw = parse(planText) as unknown;
  const written = isObj(raw) && isObj(raw.slos) ? raw.slos : {};
  const slos: ExportedSlo[] = plan.slos.flatMap((spec) => {
    const entry = written[spec.id];
    if (!isObj(entry) || !isObj(entry.sli)) return [];
    return [{ spec, raw: { sli: entry.sli, alerts: entry.alerts, description: entry.description } }];
  });
  return openSloDocuments(slos, serviceName(plan))
    .map((doc) => stringify(doc, { lineWidth: 0 }))
    .map((doc) => `---\n${doc}`)
    .join('');
}

export async function sloExportCommand(file: string): Promise<number> {
  const result = await loadPlanFile(file);
  if (result.kind === 'invalid') {
    for (const error of result.errors) console.error(formatPlanError(error));
    return 1;
  }
  if (result.plan.slos.length === 0) {
    console.error(`${file} has no slos`);
    return 0;
  }
  process.stdout.write(exportText(result.plan, await readFile(file, 'utf8')));
  return 0;
}

import type { StaleDeviation } from './apply-deviations.js';
import type { OperationReport } from './compare-documents.js';
import type { Finding, Severity } from './findings.js';

export interface DiffResult {
  ours: string;
  vendor: string;
  reports: OperationReport[];
  stale: StaleDeviation[];
}

export interface DiffSummary {
  operations: number;
  conflicts: number;
  deviations: number;
  notes: number;
  staleDeviations: number;
}

const count = (result: DiffResult, severity: Severity) =>
  result.reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length, 0);

export function summarize(result: DiffResult): DiffSummary {
  return {
    operations: result.reports.length,
    conflicts: count(result, 'conflict'),
    deviations: count(result, 'deviation'),
    notes: count(result, 'note'),
    staleDeviations: result.stale.length,
  };
}

/** Conflicts fail the run, and so do stale deviations: the deviations file has to stay true. */
export function isClean(result: DiffResult): boolean {
  const s = summarize(result);
  return s.conflicts === 0 && s.staleDeviations === 0;
}

export function summaryLine(s: DiffSummary): string {
  const stale = s.staleDeviations > 0 ? `, ${s.staleDeviations} stale deviations` : '';
  return `spec:diff: ${s.operations} operations compared, ${s.conflicts} conflicts, ${s.deviations} documented deviations${stale}, ${s.notes} notes`;
}

const ORDER: Record<Severity, number> = { conflict: 0, deviation: 1, note: 2 };

function formatFinding(f: Finding, reasonsShown: Set<string>): string[] {
  const head = { conflict: 'CONFLICT', deviation: 'deviation (documented)', note: 'note' }[f.severity];
  const lines = [`  ${head}: ${f.location} [${f.rule}] ${f.message}`];
  if (f.reason) {
    // One entry often excuses several locations; its reason is printed in full once.
    const reason = f.reason.replace(/\s+/g, ' ');
    lines.push(`      reason: ${reasonsShown.has(reason) ? '(as above)' : reason}`);
    reasonsShown.add(reason);
  }
  return lines;
}

function formatReport(
  report: OperationReport,
  options: { notes: boolean },
  reasonsShown: Set<string>,
): string[] {
  const shown = report.findings
    .filter((f) => options.notes || f.severity !== 'note')
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const hidden = report.findings.length - shown.length;
  const status = report.presence === 'vendor' ? 'vendor only, never sent by ours' : 'no conflicts';
  if (shown.length === 0)
    return [`${report.operation}: ${status}${hidden > 0 ? ` (${hidden} notes hidden)` : ''}`];
  return [report.operation, ...shown.flatMap((f) => formatFinding(f, reasonsShown))];
}

export function formatText(result: DiffResult, options: { notes: boolean } = { notes: true }): string {
  const reasonsShown = new Set<string>();
  const lines = [`spec:diff: ours ${result.ours} vs vendor ${result.vendor}`];
  for (const report of result.reports) lines.push(...formatReport(report, options, reasonsShown));
  for (const s of result.stale) {
    lines.push(
      `STALE deviation: ${s.operation} ${s.location} [${s.rule}] matches no conflict; remove or correct it`,
    );
  }
  lines.push(summaryLine(summarize(result)));
  return lines.join('\n');
}

export function toJsonReport(result: DiffResult): unknown {
  return {
    ours: result.ours,
    vendor: result.vendor,
    summary: summarize(result),
    clean: isClean(result),
    operations: result.reports.map(({ operation, presence, findings }) => ({
      operation,
      presence,
      findings,
    })),
    staleDeviations: result.stale,
  };
}

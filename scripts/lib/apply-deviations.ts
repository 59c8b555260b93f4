import type { OperationReport } from './compare-documents.js';
import type { ConflictDeviation } from './deviations.js';
import { operationKeyFromLabel } from './openapi-operations.js';

/** A deviation location that no longer matches any conflict: the file must be corrected. */
export interface StaleDeviation {
  operation: string;
  rule: string;
  location: string;
  reason: string;
}

/**
 * Turns each conflict listed in the deviations file into a documented deviation and returns the
 * listed locations that matched nothing, so the file cannot silently outlive the conflicts it excuses.
 */
export function applyDeviations(
  reports: OperationReport[],
  deviations: readonly ConflictDeviation[],
): { reports: OperationReport[]; stale: StaleDeviation[] } {
  const used = new Set<string>();
  const entryKey = (d: ConflictDeviation, location: string) =>
    `${d.operation}\u0000${d.rule}\u0000${location}`;
  const updated = reports.map((report) => ({
    ...report,
    findings: report.findings.map((finding) => {
      if (finding.severity !== 'conflict') return finding;
      const match = deviations.find(
        (d) =>
          operationKeyFromLabel(d.operation) === report.key &&
          d.rule === finding.rule &&
          d.locations.includes(finding.location),
      );
      if (!match) return finding;
      used.add(entryKey(match, finding.location));
      return { ...finding, severity: 'deviation' as const, reason: match.reason };
    }),
  }));
  const stale = deviations.flatMap((d) =>
    d.locations
      .filter((location) => !used.has(entryKey(d, location)))
      .map((location) => ({ operation: d.operation, rule: d.rule, location, reason: d.reason })),
  );
  return { reports: updated, stale };
}

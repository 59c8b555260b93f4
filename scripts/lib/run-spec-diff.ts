import { applyDeviations } from './apply-deviations.js';
import { compareDocuments } from './compare-documents.js';
import { loadDeviations } from './deviations.js';
import type { DiffResult } from './diff-report.js';
import { loadDocument } from './document.js';

export interface SpecDiffOptions {
  ours: string;
  vendor: string;
  deviations: string;
}

/** Loads both documents and the deviations file and compares them; all I/O of the tool is here. */
export function runSpecDiff(options: SpecDiffOptions): DiffResult {
  const compared = compareDocuments(loadDocument(options.ours), loadDocument(options.vendor));
  const { reports, stale } = applyDeviations(compared, loadDeviations(options.deviations).conflicts);
  return { ours: options.ours, vendor: options.vendor, reports, stale };
}

import { compareParameters } from './compare-parameters.js';
import { compareRequestBodies } from './compare-request-body.js';
import { compareSecurity } from './compare-security.js';
import type { JsonObject } from './document.js';
import { conflict, type Finding, note } from './findings.js';
import { listOperations, type Operation } from './openapi-operations.js';
import { newContext } from './schema-compare.js';
import type { SchemaSide } from './schema-node.js';

export interface OperationReport {
  /** `POST /api/v2/batch`, spelled as in our document when we have the operation. */
  operation: string;
  key: string;
  presence: 'both' | 'ours' | 'vendor';
  findings: Finding[];
}

/** Compares every operation of either document, in our document's order, then the vendor-only ones. */
export function compareDocuments(oursDoc: JsonObject, vendorDoc: JsonObject): OperationReport[] {
  const ours: SchemaSide = { doc: oursDoc, name: 'ours' };
  const vendor: SchemaSide = { doc: vendorDoc, name: 'vendor' };
  const vendorOps = new Map(listOperations(vendorDoc).map((op) => [op.key, op]));
  const reports: OperationReport[] = [];
  const seen = new Set<string>();
  for (const mine of listOperations(oursDoc)) {
    seen.add(mine.key);
    const theirs = vendorOps.get(mine.key);
    if (!theirs) {
      const finding = conflict(
        'operation-undescribed',
        'operation',
        'ours sends this operation; the vendor document does not describe it',
      );
      reports.push({ operation: mine.label, key: mine.key, presence: 'ours', findings: [finding] });
      continue;
    }
    reports.push({
      operation: mine.label,
      key: mine.key,
      presence: 'both',
      findings: compareOperation(mine, theirs, ours, vendor),
    });
  }
  for (const theirs of vendorOps.values()) {
    if (seen.has(theirs.key)) continue;
    const finding = note('operation-unused', 'operation', 'vendor operation not in ours');
    reports.push({ operation: theirs.label, key: theirs.key, presence: 'vendor', findings: [finding] });
  }
  return reports;
}

function compareOperation(
  mine: Operation,
  theirs: Operation,
  ours: SchemaSide,
  vendor: SchemaSide,
): Finding[] {
  return [
    ...compareSecurity(mine, ours.doc, theirs, vendor.doc),
    ...compareParameters(mine, theirs, [ours, vendor]),
    ...compareRequestBodies(mine, theirs, newContext(ours, vendor)),
  ];
}

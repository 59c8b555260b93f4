import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDeviations } from '../scripts/lib/deviations.js';
import { loadDocument } from '../scripts/lib/document.js';
import { encodePointerSegment } from '../scripts/lib/local-refs.js';
import { addOpenApiDocument, compileAt, createOpenApiAjv, formatsUsed } from '../scripts/lib/openapi-ajv.js';
import { listOperations, type Operation, requestBodyExamples } from '../scripts/lib/openapi-operations.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const oursPath = path.join(repoRoot, 'spec/track-api.yaml');
const vendorPath = path.resolve(repoRoot, '../shared/reference/customerio/journeys-track.openapi.json');
const deviationsPath = path.join(repoRoot, 'spec/deviations.yaml');

const haveOurs = existsSync(oursPath);
const haveVendor = existsSync(vendorPath);
if (!haveOurs) console.info(`spec-vendor-examples: ${oursPath} not found; nothing to check`);
if (!haveVendor) console.info(`spec-vendor-examples: ${vendorPath} not found; vendor checks skipped`);

const ours = haveOurs ? loadDocument(oursPath) : {};
const vendor = haveVendor ? loadDocument(vendorPath) : {};
const exampleDeviations = loadDeviations(deviationsPath).examples;
const vendorOps = new Map(listOperations(vendor).map((op) => [op.key, op]));

const ajv = createOpenApiAjv();
addOpenApiDocument(ajv, 'ours', ours);
if (haveVendor) addOpenApiDocument(ajv, 'vendor', vendor);

const jsonSchemaPointer = (op: Operation) =>
  `${op.requestBodyPointer}/content/${encodePointerSegment('application/json')}/schema`;

function errorsOf(id: string, op: Operation, value: unknown): string | undefined {
  const validate = compileAt(ajv, id, jsonSchemaPointer(op));
  if (validate(value)) return undefined;
  // Union errors repeat for every branch tried; the first few lines are enough to see the cause.
  const lines = [...new Set(ajv.errorsText(validate.errors, { separator: '\n' }).split('\n'))];
  return [...lines.slice(0, 12), lines.length > 12 ? `… ${lines.length - 12} more` : ''].join('\n  ').trim();
}

const cases = listOperations(ours).flatMap((op) =>
  requestBodyExamples(ours, op).map((example) => ({ op, ...example })),
);

describe('request-body examples of our spec', () => {
  it.skipIf(!haveOurs)('exist', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it('use only formats the validator knows', () => {
    const unknown = [...formatsUsed(ours), ...formatsUsed(vendor)].filter((f) => !(f in ajv.formats));
    expect(unknown).toEqual([]);
  });

  describe.each(cases)('$op.label example "$name"', ({ op, name, value }) => {
    const deviation = exampleDeviations.find(
      (d) => d.example === name && d.operation.toUpperCase() === op.label.toUpperCase(),
    );
    const vendorOp = vendorOps.get(op.key);

    it('satisfies our schema', () => {
      expect(errorsOf('ours', op, value)).toBeUndefined();
    });

    it.skipIf(!vendorOp?.requestBodyPointer)(
      'satisfies the vendor schema, or is a documented deviation',
      () => {
        if (!vendorOp) return;
        const errors = errorsOf('vendor', vendorOp, value);
        if (deviation) {
          expect(
            errors,
            `listed in spec/deviations.yaml but now valid for the vendor: remove the entry`,
          ).toBeDefined();
        } else {
          expect(
            errors,
            `rejected by the vendor schema; fix the example or document it in spec/deviations.yaml`,
          ).toBeUndefined();
        }
      },
    );
  });

  it('lists in spec/deviations.yaml only examples that exist', () => {
    const known = new Set(cases.map((c) => `${c.op.label.toUpperCase()} ${c.name}`));
    const missing = exampleDeviations.filter((d) => !known.has(`${d.operation.toUpperCase()} ${d.example}`));
    expect(missing).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDeviations } from '../scripts/lib/deviations.js';
import { loadDocument } from '../scripts/lib/document.js';
import { encodePointerSegment } from '../scripts/lib/local-refs.js';
import { addOpenApiDocument, compileAt, createOpenApiAjv, formatsUsed } from '../scripts/lib/openapi-ajv.js';
import { listOperations, type Operation, requestBodyExamples } from '../scripts/lib/openapi-operations.js';
import { documentRequestExamples } from '../scripts/lib/request-examples.js';
import { createTrackApiEmulator } from '../src/testing/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const oursPath = path.join(repoRoot, 'spec/track-api.yaml');
const vendorPath = path.resolve(repoRoot, '../shared/reference/customerio/journeys-track.openapi.json');
const deviationsPath = path.join(repoRoot, 'spec/deviations.yaml');

const haveOurs = existsSync(oursPath);
const haveVendor = existsSync(vendorPath);
if (!haveOurs) console.info(`spec-vendor-examples: ${oursPath} not found; nothing to check`);
if (!haveVendor)
  console.info(
    `spec-vendor-examples: ${vendorPath} not found; vendor checks, and sending its own request examples to the emulator, skipped`,
  );

const ours = haveOurs ? loadDocument(oursPath) : {};
const vendor = haveVendor ? loadDocument(vendorPath) : {};
const { examples: exampleDeviations, vendorExamples: vendorExampleDeviations } =
  loadDeviations(deviationsPath);
const vendorOps = new Map(listOperations(vendor).map((op) => [op.key, op]));
const oursOps = new Map(listOperations(ours).map((op) => [op.key, op]));

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

/** A value for each path parameter of Customer.io's document, by its name there. */
const pathValues: Record<string, string> = {
  identifier: 'example-person',
  device_id: 'example-device',
  delivery_id: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY',
  form_id: 'example-form',
  segment_id: '7',
};

const vendorCases = listOperations(vendor).flatMap((op) =>
  documentRequestExamples(vendor, op).map((example) => ({
    op,
    ...example,
    exception: vendorExampleDeviations.find(
      (d) => d.example === example.name && d.operation.toUpperCase() === op.label.toUpperCase(),
    ),
  })),
);

describe.skipIf(!haveVendor)("Customer.io's own request examples", () => {
  const emulator = createTrackApiEmulator();
  const authorization = `Basic ${btoa(`${emulator.credentials.siteId}:${emulator.credentials.apiKey}`)}`;

  async function send(op: Operation, value: unknown) {
    emulator.reset();
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathValues[name] ?? 'example');
    const response = await emulator.fetch(
      new Request(`https://track.customer.io${path}`, {
        method: op.method.toUpperCase(),
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(value),
      }),
    );
    return { status: response.status, body: await response.json() };
  }

  it('are found for every operation that takes a body', () => {
    const withBody = listOperations(vendor).filter((op) => op.requestBody !== undefined);
    const covered = new Set(vendorCases.map((example) => example.op.key));
    expect(withBody.filter((op) => !covered.has(op.key)).map((op) => op.label)).toEqual([]);
  });

  it('lists in spec/deviations.yaml (vendorExamples) only examples that exist', () => {
    const known = new Set(vendorCases.map((c) => `${c.op.label.toUpperCase()} ${c.name}`));
    const missing = vendorExampleDeviations.filter(
      (d) => !known.has(`${d.operation.toUpperCase()} ${d.example}`),
    );
    expect(missing).toEqual([]);
  });

  describe.each(vendorCases)('$op.label $name', ({ op, value, exception }) => {
    const mine = oursOps.get(op.key);

    it('is an operation of our spec', () => {
      expect(mine?.requestBodyPointer).toBeDefined();
    });

    if (exception === undefined) {
      it('satisfies our schema and is accepted by the emulator', async () => {
        expect(errorsOf('ours', mine as Operation, value)).toBeUndefined();
        expect(await send(op, value)).toEqual({ status: 200, body: {} });
      });
    } else {
      it('is refused by our schema and by the emulator, as spec/deviations.yaml says', async () => {
        expect(
          errorsOf('ours', mine as Operation, value),
          'listed in vendorExamples but now valid: remove the entry',
        ).toBeDefined();
        const answer = await send(op, value);
        expect(answer.status).toBe(400);
        // Customer.io's error shape for the operation's family of endpoints.
        expect(answer.body).toEqual(
          op.path.startsWith('/api/v2/')
            ? { errors: [expect.objectContaining({ message: expect.any(String) })] }
            : { meta: { error: expect.any(String) } },
        );
      });
    }
  });
});

describe('the request examples of a document', () => {
  const doc = {
    openapi: '3.1.0',
    paths: {
      '/things': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                example: { a: 1 },
                examples: { named: { $ref: '#/components/examples/Named' } },
                schema: {
                  title: 'Thing',
                  example: { a: 1 },
                  oneOf: [
                    { $ref: '#/components/schemas/Small' },
                    { title: 'Large', example: { c: 3 }, properties: { c: { example: 9 } } },
                  ],
                },
              },
            },
          },
          'x-codeSamples': [
            { lang: 'json', label: 'JSON', source: '{"d": 4}' },
            { lang: 'javascript', label: 'Node', source: 'client.things({ e: 5 })' },
            { lang: 'json', label: 'Broken', source: '{' },
          ],
        },
      },
    },
    components: {
      examples: { Named: { value: { b: 2 } } },
      schemas: { Small: { title: 'Small', example: { s: 0 }, allOf: [{ example: { partial: true } }] } },
    },
  };

  it('are the media type, schema and union branch examples and JSON code samples, each body once', () => {
    const [op] = listOperations(doc);
    expect(documentRequestExamples(doc, op as Operation)).toEqual([
      { name: 'example', value: { a: 1 } },
      { name: 'examples.named', value: { b: 2 } },
      { name: 'schema "Small"', value: { s: 0 } },
      { name: 'schema "Large"', value: { c: 3 } },
      { name: 'x-codeSamples "JSON"', value: { d: 4 } },
    ]);
  });
});

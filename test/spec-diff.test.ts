import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyDeviations } from '../scripts/lib/apply-deviations.js';
import { compareDocuments, type OperationReport } from '../scripts/lib/compare-documents.js';
import { DeviationsFormatError, parseDeviations } from '../scripts/lib/deviations.js';
import { formatText, isClean, summaryLine } from '../scripts/lib/diff-report.js';
import type { JsonObject } from '../scripts/lib/document.js';
import type { Finding } from '../scripts/lib/findings.js';
import { runSpecDiff } from '../scripts/lib/run-spec-diff.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vendorPath = path.resolve(repoRoot, '../shared/reference/customerio/journeys-track.openapi.json');
const oursPath = path.join(repoRoot, 'spec/track-api.yaml');

/** A minimal OpenAPI 3.1 document; every operation is authenticated with HTTP basic unless it says otherwise. */
function openapi(paths: JsonObject, schemas: JsonObject = {}): JsonObject {
  return {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1' },
    security: [{ basic: [] }],
    paths,
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } }, schemas },
  };
}

function postWithBody(schema: unknown, path = '/things'): JsonObject {
  return {
    [path]: { post: { requestBody: { required: true, content: { 'application/json': { schema } } } } },
  };
}

/** Findings for `POST /things` when our body schema meets the vendor's. */
function bodyFindings(
  ours: unknown,
  vendor: unknown,
  schemas: { ours?: JsonObject; vendor?: JsonObject } = {},
): Finding[] {
  const reports = compareDocuments(
    openapi(postWithBody(ours), schemas.ours),
    openapi(postWithBody(vendor), schemas.vendor),
  );
  return reports.flatMap((r) => r.findings);
}

const conflicts = (findings: Finding[]) => findings.filter((f) => f.severity === 'conflict');

const object = (properties: JsonObject, required: string[] = [], extra: JsonObject = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

describe('spec:diff conflicts: ours accepts what the vendor rejects', () => {
  it('a number where the vendor wants an integer', () => {
    const found = conflicts(
      bodyFindings(object({ count: { type: 'number' } }), object({ count: { type: 'integer' } })),
    );
    expect(found).toMatchObject([{ rule: 'type-wider', location: 'requestBody.count' }]);
  });

  it('object values where the vendor additionalProperties is oneOf string/integer/boolean', () => {
    const vendorValues = { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }] };
    const found = conflicts(
      bodyFindings(
        { type: 'object', additionalProperties: { type: ['string', 'object'] } },
        { type: 'object', additionalProperties: vendorValues },
      ),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'type-wider', location: 'requestBody.*' });
    expect(found[0]?.message).toContain('object');
  });

  it('an enum value the vendor does not list', () => {
    const found = conflicts(
      bodyFindings(
        object({ kind: { enum: ['a', 'b', 'c'] } }),
        object({ kind: { type: 'string', enum: ['a', 'b'] } }),
      ),
    );
    expect(found).toMatchObject([{ rule: 'enum', location: 'requestBody.kind' }]);
    expect(found[0]?.message).toContain('"c"');
  });

  it('a free string where the vendor has an enum', () => {
    const found = conflicts(
      bodyFindings(object({ kind: { type: 'string' } }), object({ kind: { enum: ['a'] } })),
    );
    expect(found).toMatchObject([{ rule: 'enum', location: 'requestBody.kind' }]);
  });

  it('a field the vendor requires and ours leaves optional', () => {
    const found = conflicts(
      bodyFindings(object({ name: { type: 'string' } }), object({ name: { type: 'string' } }, ['name'])),
    );
    expect(found).toMatchObject([{ rule: 'required', location: 'requestBody.name' }]);
  });

  it('a union branch of ours that matches no vendor branch', () => {
    const ours = object(
      {
        identifiers: {
          oneOf: [
            object({ id: { type: 'string' } }, ['id']),
            object({ anonymous_id: { type: 'string' } }, ['anonymous_id']),
          ],
        },
      },
      ['identifiers'],
    );
    const vendor = object(
      {
        identifiers: {
          oneOf: [
            object({ id: { type: 'string' } }, ['id']),
            object({ email: { type: 'string' } }, ['email']),
          ],
        },
      },
      ['identifiers'],
    );
    expect(conflicts(bodyFindings(ours, vendor))).toMatchObject([
      { rule: 'union-unmatched', location: 'requestBody.identifiers{anonymous_id}' },
    ]);
  });

  it('more properties than the vendor allows (additionalProperties: false, maxProperties)', () => {
    const closed = conflicts(
      bodyFindings(
        object({ a: { type: 'string' } }),
        object({ a: { type: 'string' } }, [], { additionalProperties: false }),
      ),
    );
    expect(closed).toMatchObject([{ rule: 'additional-properties', location: 'requestBody.*' }]);
    const oneOnly = conflicts(
      bodyFindings(
        object({ a: { type: 'string' }, b: { type: 'string' } }, [], { additionalProperties: false }),
        { type: 'object', maxProperties: 1 },
      ),
    );
    expect(oneOnly).toMatchObject([{ rule: 'max-properties', location: 'requestBody' }]);
  });

  it('a value our additionalProperties lets through under a name the vendor types', () => {
    const found = conflicts(
      bodyFindings(
        { type: 'object', additionalProperties: { type: 'string' } },
        object({ created_at: { type: 'integer' } }),
      ),
    );
    expect(found).toMatchObject([{ rule: 'type-wider', location: 'requestBody.created_at' }]);
  });

  it('a longer string, a lower minimum and a missing pattern', () => {
    const found = conflicts(
      bodyFindings(
        object({ s: { type: 'string' }, n: { type: 'integer', minimum: 0 } }),
        object({ s: { type: 'string', maxLength: 10, pattern: '^x' }, n: { type: 'integer', minimum: 1 } }),
      ),
    );
    expect(found.map((f) => `${f.location} ${f.rule}`).sort()).toEqual([
      'requestBody.n minimum',
      'requestBody.s max-length',
      'requestBody.s pattern',
    ]);
  });

  it('a security requirement the vendor does not accept', () => {
    const ours = openapi({ '/things': { post: { security: [] } } });
    const vendor = openapi({ '/things': { post: {} } });
    expect(conflicts(compareDocuments(ours, vendor).flatMap((r) => r.findings))).toMatchObject([
      { rule: 'security', location: 'security' },
    ]);
  });

  it('parameters: a missing required one, a wider type, and an undescribed one', () => {
    const ours = openapi({
      '/people/{customer_id}/things': {
        post: {
          parameters: [
            { name: 'customer_id', in: 'path', required: true, schema: { type: ['string', 'integer'] } },
            { name: 'debug', in: 'query', schema: { type: 'boolean' } },
          ],
        },
      },
    });
    const vendor = openapi({
      '/people/{identifier}/things': {
        post: {
          parameters: [
            { name: 'identifier', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'id_type', in: 'query', required: true, schema: { enum: ['id', 'email'] } },
          ],
        },
      },
    });
    const found = conflicts(compareDocuments(ours, vendor).flatMap((r) => r.findings));
    expect(found.map((f) => `${f.location} ${f.rule}`).sort()).toEqual([
      'parameters.path.customer_id parameter-type',
      'parameters.query.debug parameter-undescribed',
      'parameters.query.id_type parameter-missing',
    ]);
  });
});

describe('spec:diff unions', () => {
  const person = (action: string, extra: JsonObject = {}, required: string[] = []) =>
    object(
      { type: { type: 'string', enum: ['person'] }, action: { type: 'string', enum: [action] }, ...extra },
      ['type', 'action', ...required],
    );

  it('descends into the vendor branch with the same discriminating constants, through nested anyOf', () => {
    const vendorItem = {
      anyOf: [
        {
          anyOf: [person('identify'), person('event', { name: { type: 'string' } }, ['name'])],
          discriminator: { propertyName: 'action' },
        },
        object({ type: { enum: ['delivery'] } }, ['type']),
      ],
    };
    const oursItem = {
      oneOf: [person('identify'), person('event', { name: { type: 'number' } }, ['name'])],
    };
    const found = bodyFindings(
      object({ batch: { type: 'array', items: oursItem } }),
      object({ batch: { type: 'array', items: vendorItem } }),
    );
    expect(conflicts(found)).toMatchObject([
      { rule: 'type-wider', location: 'requestBody.batch[]{type=person,action=event}.name' },
    ]);
  });

  it('matches branches written as allOf of a shared base', () => {
    const base = object({ type: { const: 'person' }, identifiers: { $ref: '#/components/schemas/Ids' } }, [
      'type',
      'identifiers',
    ]);
    const ids = {
      oneOf: [object({ id: { type: 'string' } }, ['id']), object({ email: { type: 'string' } }, ['email'])],
    };
    const vendor = {
      oneOf: [
        {
          allOf: [
            { $ref: '#/components/schemas/Base' },
            object({ action: { const: 'identify' } }, ['action']),
          ],
        },
        {
          allOf: [{ $ref: '#/components/schemas/Base' }, object({ action: { const: 'delete' } }, ['action'])],
        },
      ],
    };
    const ours = object(
      {
        type: { const: 'person' },
        action: { const: 'delete' },
        identifiers: { oneOf: [object({ id: { type: 'string' } }, ['id'], { additionalProperties: false })] },
      },
      ['type', 'action', 'identifiers'],
      { additionalProperties: false },
    );
    expect(conflicts(bodyFindings(ours, vendor, { vendor: { Base: base, Ids: ids } }))).toEqual([]);
  });

  it('reports values that satisfy two vendor oneOf branches as a note, not a conflict', () => {
    const vendor = { oneOf: [object({ id: { type: 'string' } }), object({ email: { type: 'string' } })] };
    const found = bodyFindings(
      object({ id: { type: 'string' } }, ['id'], { additionalProperties: false }),
      vendor,
    );
    expect(conflicts(found)).toEqual([]);
    expect(found.map((f) => f.rule)).toContain('oneof-ambiguous');
  });

  it('splits a multi-type schema of ours across vendor branches', () => {
    const vendor = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    expect(conflicts(bodyFindings({ type: ['string', 'integer'] }, vendor))).toEqual([]);
    expect(conflicts(bodyFindings({ type: ['string', 'boolean'] }, vendor))).toMatchObject([
      { rule: 'type-wider', location: 'requestBody' },
    ]);
  });

  it('stops at recursive references and still compares what precedes them', () => {
    const tree = (leaf: string) =>
      object({
        value: { type: leaf },
        children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
      });
    const same = bodyFindings(
      { $ref: '#/components/schemas/Tree' },
      { $ref: '#/components/schemas/Tree' },
      {
        ours: { Tree: tree('integer') },
        vendor: { Tree: tree('integer') },
      },
    );
    expect(conflicts(same)).toEqual([]);
    expect(same.map((f) => f.rule)).toContain('recursive');
    const wider = bodyFindings(
      { $ref: '#/components/schemas/Tree' },
      { $ref: '#/components/schemas/Tree' },
      {
        ours: { Tree: tree('number') },
        vendor: { Tree: tree('integer') },
      },
    );
    expect(conflicts(wider)).toMatchObject([{ rule: 'type-wider', location: 'requestBody.value' }]);
  });
});

describe('spec:diff notes: ours is stricter, which is never a conflict', () => {
  const cases: Array<[string, unknown, unknown, string]> = [
    [
      'a narrower type',
      object({ n: { type: 'integer' } }),
      object({ n: { type: 'number' } }),
      'type-narrower',
    ],
    [
      'more required fields',
      object({ a: { type: 'string' } }, ['a']),
      object({ a: { type: 'string' } }),
      'required-stricter',
    ],
    [
      'a smaller maxLength',
      object({ s: { type: 'string', maxLength: 5 } }),
      object({ s: { type: 'string', maxLength: 10 } }),
      'stricter',
    ],
    [
      'fewer enum values',
      object({ k: { enum: ['a'] } }),
      object({ k: { enum: ['a', 'b'] } }),
      'enum-narrower',
    ],
    [
      'vendor fields ours never sends',
      object({ a: { type: 'string' } }, [], { additionalProperties: false }),
      object({ a: { type: 'string' }, b: { type: 'string' } }),
      'vendor-field-unused',
    ],
    ['a format only the vendor declares', { type: 'string' }, { type: 'string', format: 'email' }, 'format'],
  ];
  it.each(cases)('%s', (_name, ours, vendor, rule) => {
    const found = bodyFindings(ours, vendor);
    expect(conflicts(found)).toEqual([]);
    expect(found.map((f) => f.rule)).toContain(rule);
  });

  it('ignores descriptions and examples', () => {
    const found = bodyFindings(
      { type: 'string', description: 'ours', examples: ['x'] },
      { type: 'string', description: 'theirs', example: 'y' },
    );
    expect(found).toEqual([]);
  });
});

describe('spec:diff operations', () => {
  it('treats differently named path parameters as the same operation', () => {
    const ours = openapi({ '/people/{customer_id}': { delete: {} } });
    const vendor = openapi({ '/people/{identifier}': { delete: {} } });
    expect(compareDocuments(ours, vendor)).toMatchObject([
      { operation: 'DELETE /people/{customer_id}', presence: 'both', findings: [] },
    ]);
  });

  it('flags an operation only ours has as a conflict and one only the vendor has as a note', () => {
    const ours = openapi({ '/mine': { post: {} } });
    const vendor = openapi({ '/theirs': { post: {} } });
    expect(compareDocuments(ours, vendor)).toMatchObject([
      {
        operation: 'POST /mine',
        presence: 'ours',
        findings: [{ severity: 'conflict', rule: 'operation-undescribed' }],
      },
      {
        operation: 'POST /theirs',
        presence: 'vendor',
        findings: [{ severity: 'note', rule: 'operation-unused' }],
      },
    ]);
  });
});

describe('spec:diff deviations', () => {
  const reports = (): OperationReport[] =>
    compareDocuments(
      openapi(postWithBody(object({ n: { type: 'number' } }))),
      openapi(postWithBody(object({ n: { type: 'integer' } }))),
    );
  const entry = (location: string) =>
    parseDeviations(
      {
        conflicts: [
          {
            operation: 'POST /things',
            rule: 'type-wider',
            location,
            reason: 'The service accepts fractional values here although its document says integer.',
          },
        ],
      },
      'fixture',
    ).conflicts;

  it('excuse a listed conflict and carry its reason', () => {
    const result = applyDeviations(reports(), entry('requestBody.n'));
    expect(result.stale).toEqual([]);
    expect(result.reports[0]?.findings).toMatchObject([{ severity: 'deviation', location: 'requestBody.n' }]);
    const text = formatText({ ours: 'o', vendor: 'v', ...result });
    expect(text).toContain('deviation (documented): requestBody.n');
    expect(text).toContain('reason: The service accepts fractional values');
    expect(isClean({ ours: 'o', vendor: 'v', ...result })).toBe(true);
  });

  it('fail when an entry matches no conflict any more', () => {
    const result = applyDeviations(reports(), entry('requestBody.m'));
    expect(result.stale).toMatchObject([{ location: 'requestBody.m' }]);
    expect(isClean({ ours: 'o', vendor: 'v', ...result })).toBe(false);
    expect(formatText({ ours: 'o', vendor: 'v', ...result })).toContain(
      'STALE deviation: POST /things requestBody.m',
    );
  });

  it('require an operation, a rule, a location and a reason', () => {
    expect(() =>
      parseDeviations({ conflicts: [{ operation: 'POST /things', rule: 'x', location: 'y' }] }, 'f'),
    ).toThrow(DeviationsFormatError);
    expect(() =>
      parseDeviations(
        { conflicts: [{ operation: 'things', rule: 'x', location: 'y', reason: 'r'.repeat(40) }] },
        'f',
      ),
    ).toThrow(/METHOD \/path/);
    expect(() =>
      parseDeviations({ examples: [{ operation: 'POST /t', example: 'e', reason: 'short' }] }, 'f'),
    ).toThrow(/too short/);
  });

  it('summarise in one line', () => {
    expect(summaryLine({ operations: 18, conflicts: 0, deviations: 3, notes: 12, staleDeviations: 0 })).toBe(
      'spec:diff: 18 operations compared, 0 conflicts, 3 documented deviations, 12 notes',
    );
  });
});

describe('spec:diff against Customer.io', () => {
  const haveVendor = existsSync(vendorPath);
  const haveOurs = existsSync(oursPath);
  if (!haveVendor) console.info(`spec-diff: ${vendorPath} not found; comparisons with Customer.io skipped`);
  if (!haveOurs) console.info(`spec-diff: ${oursPath} not found; comparison of our spec skipped`);

  it.skipIf(!haveVendor)('finds no conflict between the vendor document and itself', () => {
    const result = runSpecDiff({
      ours: vendorPath,
      vendor: vendorPath,
      deviations: path.join(tmpdir(), 'none.yaml'),
    });
    expect(result.reports).toHaveLength(18);
    expect(result.reports.flatMap((r) => r.findings).filter((f) => f.severity === 'conflict')).toEqual([]);
  });

  it.skipIf(!haveVendor || !haveOurs)('finds no undocumented conflict in spec/track-api.yaml', () => {
    const result = runSpecDiff({
      ours: oursPath,
      vendor: vendorPath,
      deviations: path.join(repoRoot, 'spec/deviations.yaml'),
    });
    const open = result.reports.flatMap((r) =>
      r.findings
        .filter((f) => f.severity === 'conflict')
        .map((f) => `${r.operation} ${f.location} [${f.rule}] ${f.message}`),
    );
    expect(open).toEqual([]);
    expect(result.stale).toEqual([]);
  });
});

describe('spec:diff command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spec-diff-'));
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, name.endsWith('.json') ? JSON.stringify(value) : stringify(value));
    return file;
  };
  const vendor = write('vendor.json', openapi(postWithBody(object({ n: { type: 'integer' } }))));
  const clean = write('clean.yaml', openapi(postWithBody(object({ n: { type: 'integer', minimum: 0 } }))));
  const wider = write('wider.yaml', openapi(postWithBody(object({ n: { type: 'number' } }))));
  const noDeviations = write('deviations.yaml', {});

  const run = (ours: string, ...extra: string[]) =>
    spawnSync(
      'npx',
      ['tsx', 'scripts/spec-diff.ts', vendor, '--ours', ours, '--deviations', noDeviations, ...extra],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('exits 1 on a conflict and names it', () => {
    const result = run(wider);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('CONFLICT: requestBody.n [type-wider]');
    expect(result.stdout).toContain('spec:diff: 1 operations compared, 1 conflicts, 0 documented deviations');
  }, 60_000);

  it('exits 0 when clean, and prints JSON on request', () => {
    const result = run(clean, '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      clean: true,
      summary: { conflicts: 0, operations: 1 },
    });
  }, 60_000);
});

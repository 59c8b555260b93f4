import { describe, expect, it } from 'vitest';
import { trackApiDocument } from '../generated/track-api.document.js';
import { requestBodyPointer, schemaProblems } from '../src/testing/request-validation.js';
import { matchRoute, routes } from '../src/testing/routes.js';
import { personFromPath } from '../src/testing/v1-commands.js';

interface DocumentOperation {
  operationId: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
}

const documentPaths = trackApiDocument.paths as Record<string, Record<string, DocumentOperation>>;
const methods = ['get', 'put', 'post', 'delete', 'patch'];
const documented = Object.entries(documentPaths).flatMap(([template, item]) =>
  methods
    .filter((method) => item[method])
    .map((method) => ({ template, method, operation: item[method] as DocumentOperation })),
);

/** A concrete path for a template, with a sample value in each parameter. */
const concrete = (template: string) => template.replace(/\{[^}]+\}/g, 'x%2Fy');

describe('the route table', () => {
  it('routes every operation of the spec, by its operationId, and nothing else', () => {
    expect(routes.map((route) => `${route.method} ${route.template} ${route.operationId}`).sort()).toEqual(
      documented
        .map(
          ({ template, method, operation }) => `${method.toUpperCase()} ${template} ${operation.operationId}`,
        )
        .sort(),
    );
  });

  it.each(documented)('matches $method $template', ({ template, method, operation }) => {
    const match = matchRoute(method.toUpperCase(), concrete(template));
    expect(match).toMatchObject({ kind: 'found', route: { operationId: operation.operationId } });
  });

  it('needs credentials exactly where the spec does not waive them', () => {
    expect(
      routes
        .filter((route) => !route.authenticated)
        .map((route) => route.operationId)
        .sort(),
    ).toEqual(['reportMetric', 'reportPushMetric', 'unsubscribe']);
  });

  it('keeps an encoded slash inside its segment, and finds nothing for empty or extra segments', () => {
    expect(matchRoute('PUT', '/api/v1/customers/a%2Fb')).toMatchObject({
      rawParams: { identifier: 'a%2Fb' },
    });
    expect(matchRoute('PUT', '/api/v1/customers/')).toEqual({ kind: 'not_found' });
    expect(matchRoute('PUT', '/api/v1/customers/a/b')).toEqual({ kind: 'not_found' });
    expect(matchRoute('PATCH', '/api/v2/entity')).toEqual({ kind: 'method_not_allowed', allowed: ['POST'] });
  });
});

describe("the spec's own request examples", () => {
  const examples = documented.flatMap(({ operation }) =>
    Object.entries(operation.requestBody?.content['application/json']?.examples ?? {}).map(
      ([name, example]) => ({
        operationId: operation.operationId,
        name,
        value: example.value,
      }),
    ),
  );

  it.each(examples)('$operationId "$name" validates', ({ operationId, value }) => {
    const pointer = requestBodyPointer(operationId as Parameters<typeof requestBodyPointer>[0]);
    expect(pointer).toBeDefined();
    expect(schemaProblems(pointer as string, value)).toEqual([]);
  });
});

describe('v1 path identifiers', () => {
  it.each([
    ['cio_03000001', { cio_id: '03000001' }],
    ['ada@example.com', { email: 'ada@example.com' }],
    ['user-42', { id: 'user-42' }],
    ['cio_', { id: 'cio_' }],
    ['a@b@c', { id: 'a@b@c' }],
  ])('%s names %j', (segment, ref) => {
    expect(personFromPath(segment)).toEqual(ref);
  });
});

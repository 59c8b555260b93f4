import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trackApiOperations } from '../generated/track-api.operations.js';
import { InvalidRequestError } from '../src/index.js';
import { createTestClient, useTrackApi } from './support/track-api-mock.js';

const api = useTrackApi();
const client = createTestClient();

function identifyPerson(identifier: string) {
  return client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier } },
    body: { plan: 'pro' },
  });
}

function sentPaths(): string[] {
  return api.emulator.requests.map((request) => request.path);
}

describe('a path parameter always becomes exactly one percent-encoded segment', () => {
  it.each([
    ['user-42', 'user-42'],
    ['cio_abc', 'cio_abc'],
    ['ada@example.com', 'ada%40example.com'],
    ['../merge_customers', '..%2Fmerge_customers'],
    ['a/b?c#d', 'a%2Fb%3Fc%23d'],
    ['with space', 'with%20space'],
    ['Zoë 🎉', 'Zo%C3%AB%20%F0%9F%8E%89'],
    ['%41', '%2541'],
    ['.hidden', '.hidden'],
    ['...', '...'],
  ])('identifier %j is sent as %s', async (identifier, segment) => {
    await identifyPerson(identifier);
    expect(sentPaths()).toEqual([`/api/v1/customers/${segment}`]);
    // The Track API routes it to identifyPerson and decodes the segment back to the identifier.
    expect(api.emulator.requests[0]).toMatchObject({ operation: 'identifyPerson', status: 200 });
    expect(api.emulator.requests[0]?.params).toEqual({ identifier });
  });

  it('encodes the person and the device id of deleteDevice separately', async () => {
    await client.DELETE('/api/v1/customers/{identifier}/devices/{device_id}', {
      params: { path: { identifier: 'ada@example.com', device_id: 'tok/en?#..' } },
    });
    expect(sentPaths()).toEqual(['/api/v1/customers/ada%40example.com/devices/tok%2Fen%3F%23..']);
    expect(api.emulator.requests[0]?.params).toEqual({
      identifier: 'ada@example.com',
      device_id: 'tok/en?#..',
    });
  });

  it('encodes the delivery id of unsubscribe', async () => {
    await client.POST('/unsubscribe/{delivery_id}', {
      params: { path: { delivery_id: '../api/v1/customers/x' } },
      body: { unsubscribe: true },
    });
    expect(sentPaths()).toEqual(['/unsubscribe/..%2Fapi%2Fv1%2Fcustomers%2Fx']);
    expect(api.emulator.requests[0]).toMatchObject({
      operation: 'unsubscribe',
      params: { delivery_id: '../api/v1/customers/x' },
      status: 200,
    });
  });

  it('encodes the form id of submitForm', async () => {
    await client.POST('/api/v1/forms/{form_id}/submit', {
      params: { path: { form_id: '../../v2/batch?x#y' } },
      body: { data: { id: 'user-42' } },
    });
    expect(sentPaths()).toEqual(['/api/v1/forms/..%2F..%2Fv2%2Fbatch%3Fx%23y/submit']);
    expect(api.emulator.requests[0]).toMatchObject({
      operation: 'submitForm',
      params: { form_id: '../../v2/batch?x#y' },
      status: 200,
    });
  });

  it('writes the segment id of a manual segment as the integer it is, and keeps a string in its segment', async () => {
    await client.POST('/api/v1/segments/{segment_id}/add_customers', {
      params: { path: { segment_id: 42 } },
      body: { ids: ['user-42'] },
    });
    await client.POST('/api/v1/segments/{segment_id}/remove_customers', {
      // Typed as an integer; a string from untyped code still cannot leave its segment.
      params: { path: { segment_id: '7/../../merge_customers' as unknown as number } },
      body: { ids: ['user-42'] },
    });
    expect(sentPaths()).toEqual([
      '/api/v1/segments/42/add_customers',
      '/api/v1/segments/7%2F..%2F..%2Fmerge_customers/remove_customers',
    ]);
    // The Track API reads a segment id that is no integer as a bad parameter, not as another path.
    expect(api.emulator.requests.map(({ operation, status }) => [operation, status])).toEqual([
      ['addPeopleToSegment', 200],
      ['removePeopleFromSegment', 400],
    ]);
  });

  it('refuses a segment id that is not a finite number', async () => {
    const failure = client.POST('/api/v1/segments/{segment_id}/add_customers', {
      params: { path: { segment_id: Number.NaN } },
      body: { ids: ['user-42'] },
    });
    await expect(failure).rejects.toMatchObject({
      field: 'params.path.segment_id',
      rule: 'expected a finite number',
    });
    expect(api.emulator.requests).toEqual([]);
  });

  it.each(Object.keys(trackApiOperations).filter((label) => label.includes('{')))(
    'sends %s with every path parameter in a segment of its own',
    async (label) => {
      const [method, template] = label.split(' ') as [string, string];
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
      const value = (name: string) => (name === 'segment_id' ? 7 : `a/b?${name}#`);
      const params = { path: Object.fromEntries(names.map((name) => [name, value(name)])) };
      const send = client[method as 'POST'] as (path: string, init: unknown) => Promise<unknown>;
      await send(template, { params, body: {} });
      const expected = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(String(value(name))),
      );
      expect(sentPaths()).toEqual([expected]);
      expect(api.emulator.requests[0]?.operation).toBe(
        trackApiOperations[label as keyof typeof trackApiOperations].operationId,
      );
    },
  );

  it('keeps any other identifier in its segment, and decoding the segment gives it back', async () => {
    const isDotSegment = (value: string) => /^(?:\.|%2e){1,2}$/i.test(value);
    const trickyCharacters = fc.constantFrom('.', '%', '2', 'e', 'E', '/', '\\', '?', '#', ' ', '@', '🎉');
    const identifiers = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1 }),
      fc.string({ unit: trickyCharacters, minLength: 1, maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(
        identifiers.filter((value) => !isDotSegment(value)),
        async (identifier) => {
          api.emulator.reset();
          await identifyPerson(identifier);
          expect(api.emulator.requests).toHaveLength(1);
          const match = /^\/api\/v1\/customers\/([^/]+)$/.exec(api.emulator.requests[0]?.path ?? '');
          expect(match).not.toBeNull();
          expect(decodeURIComponent(match?.[1] ?? '')).toBe(identifier);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a path parameter that no encoding can keep in its segment is refused before sending', () => {
  it.each([
    ['.', 'must not be "." or ".."'],
    ['..', 'must not be "." or ".."'],
    ['%2e%2E', 'must not be "." or ".."'],
    ['.%2e', 'must not be "." or ".."'],
    ['', 'must not be empty'],
    ['\uD800', 'must be well-formed Unicode (lone surrogate)'],
    ['a\uDC00b', 'must be well-formed Unicode (lone surrogate)'],
    ['🎉'.slice(0, 1), 'must be well-formed Unicode (lone surrogate)'],
  ])('identifier %j throws InvalidRequestError (%s) and sends nothing', async (identifier, rule) => {
    const failure = identifyPerson(identifier);
    await expect(failure).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(failure).rejects.toMatchObject({
      field: 'params.path.identifier',
      rule,
      code: 'invalid_request',
    });
    expect(api.emulator.requests).toEqual([]);
  });

  it.each(['.', '..', '%2E%2e', '', '\uDBFF'])(
    'device id %j is refused and nothing is sent',
    async (deviceId) => {
      const failure = client.DELETE('/api/v1/customers/{identifier}/devices/{device_id}', {
        params: { path: { identifier: 'user-42', device_id: deviceId } },
      });
      await expect(failure).rejects.toMatchObject({
        name: 'InvalidRequestError',
        field: 'params.path.device_id',
      });
      expect(api.emulator.requests).toEqual([]);
    },
  );

  it('refuses an identifier that is not a string', async () => {
    const failure = identifyPerson({ toString: () => '..' } as unknown as string);
    await expect(failure).rejects.toMatchObject({
      field: 'params.path.identifier',
      rule: 'expected a string',
    });
    expect(api.emulator.requests).toEqual([]);
  });

  it('says in its message where the value was and that nothing was sent', async () => {
    await expect(identifyPerson('..')).rejects.toThrow(
      'Invalid value at `params.path.identifier`: must not be "." or "..". Nothing was sent.',
    );
  });
});

/**
 * Other code in the test process may have polluted `Object.prototype` (a careless deep merge of user
 * input does it). The emulator still answers and applies every request exactly as it would otherwise:
 * nothing it reads from a request, the spec or its own records can come from the prototype.
 */
import { describe, expect, it } from 'vitest';
import { createTrackApiEmulator, type TrackApiEmulator } from '../src/testing/index.js';
import { basicAuth, identifyOp, workspaceContents } from './support/emulator-harness.js';

/** Names the emulator's code, the spec and common libraries read, each set to a string. */
const pollutedNames = [
  'forEach',
  'values',
  'length',
  'id',
  'email',
  'cio_id',
  'anonymous_id',
  'type',
  'action',
  'batch',
  'identifiers',
  'attributes',
  'name',
  'data',
  'timestamp',
  '_timestamp',
  'device',
  'token',
  'platform',
  'last_used',
  'primary',
  'secondary',
  'object_id',
  'object_type_id',
  'cio_relationships',
  'relationship_attributes',
  'delivery_id',
  'metric',
  'recipient',
  'unsubscribe',
  'identifier',
  'device_id',
  'headers',
  'status',
  'reset',
  'delayMs',
  'properties',
  'required',
  'const',
  'items',
  'oneOf',
  '$ref',
  'format',
  'anonymousId',
  'dedupeId',
  'cioId',
  'propertyName',
  'ids',
  'id_type',
  'event',
  'form_id',
  'segment_id',
  'relationships',
  'device_token',
  'fields',
  'members',
  'query',
  'kind',
  'change',
  'idType',
  'segmentId',
  'formId',
  // The emulator's own options.
  'siteId',
  'apiKey',
  'region',
  'baseUrl',
  'rateLimit',
  'latencyMs',
  'now',
  'faults',
  'schedule',
  'kinds',
  'only',
  'seed',
  'repeat',
  'probability',
  'applied',
];

const now = 1_700_000_000_000;
const ulid = '01HGW2N7EHJ1K9ZT2Q3R4S5T6V';
const track = 'https://track.customer.io';

type Step = [method: string, path: string, body?: unknown];

/** Every operation, good and bad bodies alike, so validation, limits and the workspace all run. */
const steps: Step[] = [
  ['GET', '/api/v1/accounts/region'],
  ['PUT', '/api/v1/customers/u1', { email: 'ada@example.com', plan: 'pro', _timestamp: 1_699_999_000 }],
  ['PUT', '/api/v1/customers/bob@example.com', { seats: 3 }],
  ['PUT', '/api/v1/customers/u1/devices', { device: { id: 'tok-1', platform: 'ios' } }],
  ['POST', '/api/v1/customers/u1/events', { name: 'Signed Up', id: ulid, data: { plan: 'pro' } }],
  ['POST', '/api/v1/customers/u1/events', { name: 'https://example.com/', type: 'page' }],
  ['POST', '/api/v1/events', { anonymous_id: 'anon-1', name: 'Viewed', data: { a: 1 } }],
  ['POST', '/api/v2/entity', identifyOp('u2', { plan: 'team' })],
  [
    'POST',
    '/api/v2/entity',
    { type: 'person', identifiers: { email: 'eve@example.com' }, action: 'identify' },
  ],
  ['POST', '/api/v2/entity', { type: 'person', identifiers: { id: 'u2' }, action: 'event', name: 'Paid' }],
  [
    'POST',
    '/api/v2/entity',
    { type: 'person', identifiers: { anonymous_id: 'anon-2' }, action: 'screen', name: 'Home' },
  ],
  [
    'POST',
    '/api/v2/entity',
    {
      type: 'object',
      identifiers: { object_type_id: '1', object_id: 'acme' },
      action: 'identify',
      attributes: { name: 'Acme' },
      cio_relationships: [{ identifiers: { id: 'u1' }, relationship_attributes: { role: 'admin' } }],
    },
  ],
  [
    'POST',
    '/api/v2/entity',
    {
      type: 'person',
      identifiers: { id: 'u2' },
      action: 'add_relationships',
      cio_relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }],
    },
  ],
  [
    'POST',
    '/api/v2/batch',
    {
      batch: [
        identifyOp('u3', { plan: 'pro' }),
        { type: 'person', identifiers: { id: 'u3' }, action: 'add_device', device: { token: 'tok-2' } },
        { type: 'person', identifiers: { id: 'u3' }, action: 'teleport' },
        { type: 'delivery', identifiers: { id: 'dlv-9' }, action: 'event', name: 'opened' },
      ],
    },
  ],
  ['POST', '/api/v1/metrics', { delivery_id: 'dlv-1', metric: 'opened', timestamp: 1_699_999_999 }],
  ['POST', '/unsubscribe/dlv-2', { unsubscribe: true }],
  ['POST', '/api/v1/merge_customers', { primary: { id: 'u1' }, secondary: { email: 'bob@example.com' } }],
  ['POST', '/api/v1/customers/u3/suppress'],
  ['POST', '/api/v1/customers/u3/unsuppress'],
  ['DELETE', '/api/v1/customers/u1/devices/tok-1'],
  ['DELETE', '/api/v1/customers/eve@example.com'],
  [
    'PUT',
    '/api/v1/customers/u2',
    {
      cio_relationships: {
        action: 'delete_relationships',
        relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }],
      },
    },
  ],
  [
    'PUT',
    '/api/v1/customers/u2',
    {
      cio_relationships: {
        action: 'add_relationships',
        relationships: [
          {
            identifiers: { object_type_id: '2', object_id: 'beta' },
            relationship_attributes: { role: 'owner' },
          },
        ],
      },
    },
  ],
  ['POST', '/api/v1/push/events', { delivery_id: 'dlv-3', event: 'opened', device_id: 'tok-3' }],
  [
    'POST',
    '/api/v1/forms/signup/submit',
    { data: { email: 'fay@example.com', first_name: 'Fay', form_name: 'x' } },
  ],
  [
    'POST',
    '/api/v1/segments/7/add_customers?id_type=email',
    { ids: ['fay@example.com', 'nobody@example.com'] },
  ],
  ['POST', '/api/v1/segments/7/add_customers', { ids: ['u1', 'u2'] }],
  ['POST', '/api/v1/segments/7/remove_customers', { ids: ['u1'] }],
  [
    'POST',
    '/api/v2/entity',
    {
      type: 'object',
      identifiers: { object_type_id: '1', object_id: 'acme' },
      action: 'identify_anonymous',
      anonymous_id: 'anon-3',
    },
  ],
  // Refused: an unknown field, a missing one, a bad union branch, bad JSON, an unknown path.
  ['POST', '/api/v2/entity', { ...identifyOp('u4'), colour: 'blue' }],
  ['POST', '/api/v2/entity', { type: 'person', action: 'identify' }],
  ['POST', '/api/v2/entity', { type: 'person', identifiers: { id: 'u4' }, action: 'event' }],
  ['POST', '/api/v1/metrics', '{not json'],
  ['PUT', '/api/v1/customers/u1', { id: 'x'.repeat(151) }],
  ['POST', '/api/v1/segments/abc/add_customers', { ids: ['u1'] }],
  ['POST', '/api/v1/segments/7/add_customers?id_type=phone', { ids: ['u1'] }],
  ['POST', '/api/v1/forms/signup/submit', { data: { email: 'gil@example.com', id: 'u9' } }],
  ['GET', '/api/v1/nowhere'],
];

function requestsFor(emulator: TrackApiEmulator): Request[] {
  const { siteId, apiKey } = emulator.credentials;
  return steps.map(([method, path, body]) => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Request(`${track}${path}`, {
      method,
      headers: { authorization: basicAuth(siteId, apiKey), 'content-type': 'application/json' },
      body: text,
    });
  });
}

/** The answers, the log and the workspace a run of every step leaves. */
async function outcome(emulator: TrackApiEmulator, responses: Response[]) {
  const { workspace } = emulator;
  return {
    answers: await Promise.all(
      responses.map(async (response) => ({ status: response.status, body: await response.text() })),
    ),
    log: emulator.requests.map(({ operation, params, query, status, applied, response }) => ({
      operation,
      params,
      query,
      status,
      applied,
      response,
    })),
    ...workspaceContents(workspace),
  };
}

const options = { now: () => now, faults: { schedule: [null] } };

async function run(emulator: TrackApiEmulator, requests = requestsFor(emulator)): Promise<Response[]> {
  const responses: Response[] = [];
  for (const request of requests) responses.push(await emulator.handle(request));
  return responses;
}

/**
 * Creates an emulator and sends every step while `Object.prototype` carries the polluted names, then
 * looks people up the way tests do; always cleans up.
 */
async function runPolluted() {
  const prototype = Object.prototype as Record<string, unknown>;
  // Built first: how fetch's Request reads its options is the host's business, not the emulator's.
  const requests = requestsFor(createTrackApiEmulator());
  try {
    for (const name of pollutedNames) prototype[name] = 'polluted';
    const emulator = createTrackApiEmulator(options);
    const responses = await run(emulator, requests);
    const lookups = [
      emulator.workspace.person({ email: 'ada@example.com' })?.id,
      emulator.workspace.person({ id: 'u2' })?.cioId,
    ];
    return { emulator, responses, lookups };
  } finally {
    for (const name of pollutedNames) delete prototype[name];
  }
}

describe('a polluted Object.prototype', () => {
  it('changes nothing the emulator answers, logs or stores', async () => {
    // Created first, as a test file's emulator is: before the test's own code runs.
    const clean = createTrackApiEmulator(options);

    const polluted = await runPolluted();
    expect(pollutedNames.filter((name) => name in {})).toEqual([]);
    const pollutedOutcome = await outcome(polluted.emulator, polluted.responses);
    const cleanOutcome = await outcome(clean, await run(clean));

    // The reference run is a real one: accepted, partly accepted and refused requests alike.
    expect(cleanOutcome.answers.map((answer) => answer.status)).toEqual([
      ...Array(29)
        .fill(200)
        .map((status, index) => (index === 13 ? 207 : status)),
      ...Array(8).fill(400),
      404,
    ]);
    expect(cleanOutcome.people.map((person) => person.id ?? person.email)).toEqual([
      'u1',
      'u2',
      'fay@example.com',
    ]);
    expect(cleanOutcome.objects).toHaveLength(2);
    expect(cleanOutcome.relationships).toHaveLength(3);
    expect(cleanOutcome.metrics).toHaveLength(2);
    expect(cleanOutcome.segments).toMatchObject([
      { segmentId: 7, members: [{ email: 'fay@example.com' }, { id: 'u2' }] },
    ]);
    expect(cleanOutcome.forms).toMatchObject([{ formId: 'signup', fields: { first_name: 'Fay' } }]);
    expect(pollutedOutcome).toEqual(cleanOutcome);
    expect(polluted.lookups).toEqual(['u1', cleanOutcome.people[1]?.cioId]);
  });
});

/**
 * Sends mapped operations to the Track API emulator with the typed client, the way each must travel:
 * v2 `/entity`; `/api/v1/metrics` for email metrics; and for an event, page or screen view larger than
 * a v2 operation may be (32 KB), the v1 event endpoints, which take event data up to 100000 bytes.
 */

import { createTrackClient, type TrackClient } from '../../src/index.js';
import type { EntityTrackOperation, TrackOperation } from '../../src/mapping/operations.js';
import type { TrackApiEmulator } from '../../src/testing/index.js';

type EntityBody = EntityTrackOperation['body'];
type ActivityBody = Extract<EntityBody, { type: 'person'; action: 'event' | 'page' | 'screen' }>;

export interface Outcome {
  status: number;
  error?: unknown;
}

/** The status of an operation no endpoint takes as it is (see `sendThroughV1`). */
export const noRoute = -1;

const entityLimit = 32_768;

export function operationSender(emulator: TrackApiEmulator): (operation: TrackOperation) => Promise<Outcome> {
  const client = createTrackClient({ ...emulator.clientOptions(), fetch: emulator.fetch });
  return async (operation) => {
    if (operation.endpoint === 'metrics') {
      const { response, error } = await client.POST('/api/v1/metrics', { body: operation.body });
      return { status: response.status, error };
    }
    const body = operation.body;
    const activity =
      body.type === 'person' &&
      (body.action === 'event' || body.action === 'page' || body.action === 'screen');
    if (activity && Buffer.byteLength(JSON.stringify(body)) > entityLimit)
      return sendThroughV1(client, body as ActivityBody);
    const { response, error } = await client.POST('/api/v2/entity', { body });
    return { status: response.status, error };
  };
}

async function sendThroughV1(client: TrackClient, body: ActivityBody): Promise<Outcome> {
  const { identifiers, action, name, id, timestamp, attributes } = body;
  const common = {
    name,
    ...(id === undefined ? {} : { id }),
    ...(timestamp === undefined ? {} : { timestamp }),
  };
  const data = attributes ?? {};
  if ('anonymous_id' in identifiers && typeof identifiers.anonymous_id === 'string') {
    const { response, error } = await client.POST('/api/v1/events', {
      body: { anonymous_id: identifiers.anonymous_id, type: action, ...common, data },
    });
    return { status: response.status, error };
  }
  const person = identifiers as { id?: string; email?: string; cio_id?: string };
  const identifier = person.cio_id === undefined ? (person.email ?? person.id ?? '') : `cio_${person.cio_id}`;
  const anonymousId = data.anonymous_id;
  // v1 takes a known person's screen view only with their anonymous id; without one it has no route.
  if (action === 'screen' && typeof anonymousId !== 'string') return { status: noRoute };
  const v1Body =
    action === 'screen'
      ? { ...common, type: 'screen' as const, anonymous_id: String(anonymousId), data }
      : { ...common, type: action, data };
  const { response, error } = await client.POST('/api/v1/customers/{identifier}/events', {
    params: { path: { identifier } },
    body: v1Body,
  });
  return { status: response.status, error };
}

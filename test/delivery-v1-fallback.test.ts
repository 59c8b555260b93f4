/**
 * Operations over the 32 KB a v2 operation may be go through the v1 endpoint that takes them, when
 * there is one; anything else fails its message with an OversizeError naming the limit.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../src/errors.js';
import { OversizeError } from '../src/mapping/mapping-errors.js';
import type { SegmentMessage } from '../src/mapping/messages.js';
import type { TrackOperation } from '../src/mapping/operations.js';
import {
  destinationWithEmulator,
  engineWithEmulator,
  filler,
  identifyOperation,
  requestLines,
  ulid,
} from './support/delivery-harness.js';
import { eventId, ms, seconds, time } from './support/segment-messages.js';

/** Properties of about 40 KB: over the v2 limit, well within v1's 100000 bytes of event data. */
const large = { note: filler(40_000) };
const common = { messageId: 'msg-1', timestamp: time };

describe('v1 fallback, from Segment messages', () => {
  it('sends a large track as POST /api/v1/customers/{identifier}/events, with its dedupe id', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const result = await destination.track({
      ...common,
      userId: 'user/1',
      event: 'Order Completed',
      properties: large,
    });

    expect(result).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(result.operations[0]?.request).toBe('POST /api/v1/customers/{identifier}/events');
    expect(requestLines(emulator)).toEqual(['200 POST /api/v1/customers/user%2F1/events']);
    expect(emulator.requests[0]?.body).toStrictEqual({
      name: 'Order Completed',
      id: eventId('msg-1', ms),
      timestamp: seconds,
      data: large,
    });
    expect(emulator.workspace.person({ id: 'user/1' })?.events).toMatchObject([
      { type: 'event', name: 'Order Completed', dedupeId: eventId('msg-1', ms) },
    ]);
  });

  it('sends a large anonymous track as POST /api/v1/events with the anonymous id', async () => {
    const { emulator, destination } = destinationWithEmulator();
    await destination.track({ ...common, anonymousId: 'anon-1', event: 'Video Played', properties: large });

    expect(requestLines(emulator)).toEqual(['200 POST /api/v1/events']);
    expect(emulator.requests[0]?.body).toStrictEqual({
      anonymous_id: 'anon-1',
      type: 'event',
      name: 'Video Played',
      id: eventId('msg-1', ms),
      timestamp: seconds,
      data: large,
    });
  });

  it('sends a large page view with type page', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const properties = { url: 'https://example.com/pricing', ...large };
    await destination.page({ ...common, userId: 'user-1', properties });

    expect(requestLines(emulator)).toEqual(['200 POST /api/v1/customers/user-1/events']);
    expect(emulator.requests[0]?.body).toMatchObject({
      name: 'https://example.com/pricing',
      type: 'page',
      data: properties,
    });
  });

  it("sends a large screen view of a known person with the message's anonymous id", async () => {
    const { emulator, destination } = destinationWithEmulator();
    const result = await destination.screen({
      ...common,
      userId: 'user-1',
      anonymousId: 'anon-1',
      name: 'Home',
      properties: large,
    });

    expect(result.status).toBe('delivered');
    expect(emulator.requests[0]?.body).toMatchObject({
      name: 'Home',
      type: 'screen',
      anonymous_id: 'anon-1',
    });
  });

  it('fails a large screen view of a known person without an anonymous id, naming the 32 KB limit', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const result = await destination.screen({ ...common, userId: 'user-1', name: 'Home', properties: large });

    expect(emulator.requests).toEqual([]);
    expect(result).toMatchObject({ status: 'failed', attempts: 0 });
    expect(result.operations).toMatchObject([{ status: 'failed', attempts: 0, request: undefined }]);
    expect(result.error).toBeInstanceOf(OversizeError);
    expect(result.error).toMatchObject({ field: 'operation', limit: 32_768, messageId: 'msg-1' });
    expect(result.error?.message).toContain('over the limit of 32768 bytes');
  });

  it('sends each email metric as its own POST /api/v1/metrics', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const metric = (n: number): SegmentMessage => ({
      type: 'track',
      userId: 'user-1',
      messageId: `msg-${n}`,
      timestamp: time,
      event: 'Report Delivery Event',
      properties: { deliveryId: `delivery-${n}`, metric: 'opened' },
    });
    const results = await Promise.all([destination.send(metric(1)), destination.send(metric(2))]);

    expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered']);
    expect(requestLines(emulator)).toEqual(['200 POST /api/v1/metrics', '200 POST /api/v1/metrics']);
    expect(emulator.requests[0]?.headers.authorization).toBeUndefined();
    expect(emulator.workspace.metrics().map((stored) => stored.deliveryId)).toEqual([
      'delivery-1',
      'delivery-2',
    ]);
  });
});

describe('v1 fallback, from operations', () => {
  const flat = Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`trait_${n}`, filler(900)]));

  it('sends a large identify with flat attributes as PUT /api/v1/customers/{identifier}', async () => {
    const { emulator, deliver } = engineWithEmulator();
    const operation = identifyOperation('user-1', { ...flat, seats: 3, active: true });
    Object.assign(operation.body, { timestamp: seconds });
    const result = await deliver([operation]);

    expect(result.status).toBe('delivered');
    expect(requestLines(emulator)).toEqual(['200 PUT /api/v1/customers/user-1']);
    expect(emulator.requests[0]?.body).toStrictEqual({
      ...flat,
      seats: 3,
      active: true,
      _timestamp: seconds,
    });
    expect(emulator.workspace.person({ id: 'user-1' })?.attributes).toMatchObject({ seats: 3, active: true });
  });

  it('addresses a person by email or cio_id in the v1 path', async () => {
    const { emulator, deliver } = engineWithEmulator();
    const byEmail: TrackOperation = {
      endpoint: 'entity',
      body: {
        type: 'person',
        identifiers: { email: 'ada@example.com' },
        action: 'identify',
        attributes: flat,
      },
    };
    const byCioId: TrackOperation = {
      endpoint: 'entity',
      body: { type: 'person', identifiers: { cio_id: 'abc' }, action: 'identify', attributes: flat },
    };
    await Promise.all([deliver([byEmail]), deliver([byCioId])]);
    expect(requestLines(emulator).sort()).toEqual([
      '200 PUT /api/v1/customers/ada%40example.com',
      '200 PUT /api/v1/customers/cio_abc',
    ]);
  });

  it.each([
    ['a nested attribute', identifyOperation('user-1', { ...flat, address: { city: 'Paris' } })],
    ['a fractional number', identifyOperation('user-1', { ...flat, score: 1.5 })],
    ['an id that looks like an email', identifyOperation('ada@example.com', flat)],
    [
      'relationships',
      {
        endpoint: 'entity',
        body: {
          ...identifyOperation('user-1', flat).body,
          cio_relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }],
        },
      } as TrackOperation,
    ],
    [
      'a merge',
      {
        endpoint: 'entity',
        body: { type: 'person', action: 'merge', primary: { id: filler(40_000) }, secondary: { id: 'b' } },
      } as TrackOperation,
    ],
  ])(
    'fails a large identify-like operation with %s, which v1 cannot take, with OversizeError',
    async (_, operation) => {
      const { emulator, deliver } = engineWithEmulator();
      const result = await deliver([operation], { messageId: 'msg-1' });

      expect(emulator.requests).toEqual([]);
      expect(result.status).toBe('failed');
      expect(result.error).toBeInstanceOf(OversizeError);
      expect(result.error).toMatchObject({ field: 'operation', limit: 32_768 });
    },
  );

  it('fails, without a request, an operation whose identifier no v1 path can carry', async () => {
    const { emulator, deliver } = engineWithEmulator();
    const result = await deliver([identifyOperation('\uD800', flat)]);

    expect(emulator.requests).toEqual([]);
    expect(result.status).toBe('failed');
    expect(result.error).toBeInstanceOf(InvalidRequestError);
    expect(result.error).toMatchObject({ field: 'params.path.identifier' });
  });

  it('fails event data over 100000 bytes with OversizeError naming that limit', async () => {
    const { deliver } = engineWithEmulator();
    const operation: TrackOperation = {
      endpoint: 'entity',
      body: {
        type: 'person',
        identifiers: { id: 'user-1' },
        action: 'event',
        name: 'Huge',
        id: ulid(1),
        attributes: { note: filler(100_000) },
      },
    };
    const result = await deliver([operation]);
    expect(result.error).toMatchObject({ code: 'oversize', field: 'attributes', limit: 100_000 });
  });

  it('sends the operations of a message in order even when some go through v1', async () => {
    const { emulator, deliver } = engineWithEmulator();
    const result = await deliver([
      identifyOperation('user-1', { plan: 'pro' }),
      identifyOperation('user-1', flat),
      identifyOperation('user-1', { plan: 'team' }),
    ]);
    expect(result.status).toBe('delivered');
    expect(requestLines(emulator)).toEqual([
      '200 POST /api/v2/entity',
      '200 PUT /api/v1/customers/user-1',
      '200 POST /api/v2/entity',
    ]);
  });
});

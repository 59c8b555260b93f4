/**
 * forwardTo: the events of a webhook handed to a Destination (aimed at the Track API emulator) or to
 * any object with a `track` method, and which failures make the webhook fail so Customer.io retries it.
 */
import { describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../src/delivery/errors.js';
import { ConfigError, CustomerIoError } from '../src/errors.js';
import { InvalidMessageError } from '../src/mapping/mapping-errors.js';
import {
  createWebhookHandler,
  type ForwardedTrack,
  forwardTo,
  parseReportingWebhook,
  type TrackMessage,
  toSegmentEvents,
} from '../src/webhooks/index.js';
import { destinationWithEmulator } from './support/delivery-harness.js';
import {
  deliveryId,
  eventId,
  identifiers,
  nowMs,
  sentAt,
  sentAtIso,
  signedRequest,
  signingKey,
  webhookBody,
} from './support/webhooks-fixtures.js';

const delivered = (ids: Record<string, unknown> = identifiers) =>
  JSON.stringify(
    webhookBody('email', 'delivered', {
      delivery_id: deliveryId,
      identifiers: ids,
      recipient: 'ada@example.com',
      subject: 'Welcome',
    }),
  );

const deliveredEvent = toSegmentEvents(parseReportingWebhook(delivered()))[0] as TrackMessage;

describe('forwardTo(destination)', () => {
  it('delivers the event to Customer.io before the webhook is answered', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const handler = createWebhookHandler({ signingKey, onEvents: forwardTo(destination), now: () => nowMs });
    expect((await handler(signedRequest(delivered()))).status).toBe(200);
    expect(emulator.workspace.person({ id: '42' })?.events).toStrictEqual([
      {
        type: 'event',
        name: 'Email Delivered',
        timestamp: sentAt,
        dedupeId: eventId,
        data: { email_id: deliveryId, delivery_id: deliveryId, email_subject: 'Welcome' },
      },
    ]);
    await destination.close();
  });

  it('fails the webhook when delivery fails for now, and delivers once on the retry', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { faults: { schedule: [{ status: 503 }] } },
      { retry: { maxAttempts: 1 } },
    );
    const onError = vi.fn();
    const handler = createWebhookHandler({
      signingKey,
      onEvents: forwardTo(destination),
      onError,
      now: () => nowMs,
    });

    expect((await handler(signedRequest(delivered()))).status).toBe(500);
    const [error] = onError.mock.calls[0] ?? [];
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'retries_exhausted', status: 503 });
    expect(emulator.workspace.person({ id: '42' })).toBeUndefined();

    expect((await handler(signedRequest(delivered()))).status).toBe(200);
    expect(emulator.workspace.person({ id: '42' })?.events.map((event) => event.dedupeId)).toStrictEqual([
      eventId,
    ]);
    await destination.close();
  });

  it('acknowledges an event that can never be sent, telling onRejected, so Customer.io does not retry it for days', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const onRejected = vi.fn();
    const handler = createWebhookHandler({
      signingKey,
      onEvents: forwardTo(destination, { onRejected }),
      now: () => nowMs,
    });
    const tooLong = delivered({ id: 'x'.repeat(151) });
    expect((await handler(signedRequest(tooLong))).status).toBe(200);
    expect(onRejected).toHaveBeenCalledTimes(1);
    const [event, error] = onRejected.mock.calls[0] ?? [];
    expect(event).toMatchObject({ event: 'Email Delivered', messageId: eventId });
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect(emulator.requests).toHaveLength(0);
    await destination.close();
  });

  it('fails the webhook once the destination is closed, since a restarted one can take it', async () => {
    const { destination } = destinationWithEmulator();
    await destination.close();
    await expect(forwardTo(destination)([deliveredEvent])).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('forwardTo(any track target)', () => {
  /** Shaped like Segment's analytics-node: track(params, callback?) returns nothing and delivers later. */
  class AnalyticsLike {
    readonly queued: ForwardedTrack[] = [];
    track(params: ForwardedTrack, _callback?: (error?: unknown) => void): void {
      this.queued.push(params);
    }
  }

  it("hands each event to the target's own track method, without `type`", async () => {
    const analytics = new AnalyticsLike();
    await forwardTo(analytics)([deliveredEvent]);
    expect(analytics.queued).toStrictEqual([
      {
        event: 'Email Delivered',
        userId: '42',
        messageId: eventId,
        timestamp: sentAtIso,
        properties: { email_id: deliveryId, delivery_id: deliveryId, email_subject: 'Welcome' },
        context: { traits: { email: 'ada@example.com' } },
      },
    ]);
  });

  it('fails on an error of the target, and on a failed delivery result that was not a refusal', async () => {
    await expect(
      forwardTo({ track: () => Promise.reject(new Error('socket hang up')) })([deliveredEvent]),
    ).rejects.toThrow('socket hang up');
    const failed = { status: 'failed', error: new CustomerIoError('retries_exhausted', 'gave up') };
    await expect(forwardTo({ track: () => failed })([deliveredEvent])).rejects.toBe(failed.error);
  });

  it('treats a delivery Customer.io refused as final', async () => {
    const onRejected = vi.fn();
    const refused = { status: 'failed', error: new CustomerIoError('rejected', 'Customer.io rejected it') };
    await expect(
      forwardTo({ track: () => refused }, { onRejected })([deliveredEvent]),
    ).resolves.toBeUndefined();
    expect(onRejected).toHaveBeenCalledWith(deliveredEvent, refused.error);
  });

  it('reports every transient failure together when several events fail', async () => {
    const target = {
      track: (message: ForwardedTrack) => Promise.reject(new Error(`down ${message.messageId}`)),
    };
    const second = { ...deliveredEvent, messageId: 'other' };
    const rejection = forwardTo(target)([deliveredEvent, second]);
    await expect(rejection).rejects.toBeInstanceOf(AggregateError);
    await expect(rejection).rejects.toMatchObject({
      message: '2 events were not forwarded',
      errors: [new Error(`down ${eventId}`), new Error('down other')],
    });
  });

  it('refuses a target without a track method', () => {
    expect(() => forwardTo({} as never)).toThrow(ConfigError);
    expect(() => forwardTo({ track: () => undefined }, { onRejected: 'log' as never })).toThrow(
      'Invalid option `onRejected`',
    );
  });
});

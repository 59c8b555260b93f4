/**
 * Every function of the webhooks entry point that takes options refuses a name it does not know,
 * with ConfigError naming it and the option it was probably meant to be, and never the signing key.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import {
  createMemoryDedupeStore,
  createWebhookHandler,
  forwardTo,
  parseReportingWebhook,
  signWebhookPayload,
  toSegmentEvents,
  verifyWebhookSignature,
} from '../src/webhooks/index.js';
import { identifiers, nowMs, sentAt, signingKey, webhookBody } from './support/webhooks-fixtures.js';

function refusal(call: () => unknown): ConfigError {
  try {
    call();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the options were accepted');
}

const body = webhookBody('email', 'opened', { delivery_id: 'd', identifiers, recipient: 'a@example.com' });
const onEvents = () => {};
const target = { track: () => {} };
type Any = never;

describe.each<[string, (extra: Record<string, unknown>) => unknown]>([
  ['createWebhookHandler', (extra) => createWebhookHandler({ signingKey, onEvents, ...extra } as Any)],
  ['createMemoryDedupeStore', (extra) => createMemoryDedupeStore(extra as Any)],
  [
    'verifyWebhookSignature',
    (extra) =>
      verifyWebhookSignature({
        rawBody: body,
        timestamp: String(sentAt),
        signature: '0'.repeat(64),
        signingKey,
        now: nowMs,
        ...extra,
      } as Any),
  ],
  ['signWebhookPayload', (extra) => signWebhookPayload({ rawBody: body, signingKey, ...extra } as Any)],
  ['forwardTo', (extra) => forwardTo(target, extra as Any)],
  ['toSegmentEvents', (extra) => toSegmentEvents(parseReportingWebhook(body), extra as Any)],
])('%s', (_, call) => {
  it('refuses an unknown option name, suggesting nothing when no option is close', () => {
    const error = refusal(() => call({ colour: 'blue' }));
    expect(error).toMatchObject({ code: 'config', option: 'colour' });
    expect(error.message).toBe('Invalid option `colour`: no such option');
    expect(JSON.stringify(error)).not.toContain(signingKey);
  });
});

describe('options that are not an object', () => {
  it.each<[string, () => unknown]>([
    ['createWebhookHandler', () => createWebhookHandler(null as Any)],
    ['createMemoryDedupeStore', () => createMemoryDedupeStore(null as Any)],
    ['verifyWebhookSignature', () => verifyWebhookSignature(null as Any)],
    ['signWebhookPayload', () => signWebhookPayload(null as Any)],
    ['forwardTo', () => forwardTo(target, null as Any)],
    ['toSegmentEvents', () => toSegmentEvents(parseReportingWebhook(body), null as Any)],
  ])('%s: ConfigError, not a TypeError', (_, call) => {
    expect(refusal(call).message).toBe('Invalid option `options`: expected an object');
  });
});

describe('the suggestion names the option meant', () => {
  it.each<[string, string, string, () => unknown]>([
    [
      'createWebhookHandler',
      'tolerance',
      'toleranceSeconds',
      () => createWebhookHandler({ signingKey, onEvents, tolerance: 5 } as Any),
    ],
    [
      'createWebhookHandler',
      'maxBodySize',
      'maxBodyBytes',
      () => createWebhookHandler({ signingKey, onEvents, maxBodySize: 5 } as Any),
    ],
    [
      'createWebhookHandler',
      'signingkey',
      'signingKey',
      () => createWebhookHandler({ signingkey: signingKey, onEvents } as Any),
    ],
    ['createMemoryDedupeStore', 'ttl', 'ttlMs', () => createMemoryDedupeStore({ ttl: 5 } as Any)],
    [
      'verifyWebhookSignature',
      'rawbody',
      'rawBody',
      () => verifyWebhookSignature({ rawbody: body, timestamp: '1', signature: 'x', signingKey } as Any),
    ],
    [
      'signWebhookPayload',
      'timestmp',
      'timestamp',
      () => signWebhookPayload({ rawBody: body, signingKey, timestmp: 1 } as Any),
    ],
    ['forwardTo', 'onReject', 'onRejected', () => forwardTo(target, { onReject: () => {} } as Any)],
    [
      'toSegmentEvents',
      'nameing',
      'naming',
      () => toSegmentEvents(parseReportingWebhook(body), { nameing: 'segment-spec' } as Any),
    ],
  ])('%s: %s, did you mean %s', (_, option, suggestion, call) => {
    const error = refusal(call);
    expect(error.option).toBe(option);
    expect(error.message).toBe(
      `Invalid option \`${option}\`: no such option; did you mean \`${suggestion}\`?`,
    );
  });
});

/**
 * Given a body, a timestamp and a signature, the request is accepted only when the signature is
 * Customer.io's HMAC-SHA256 of `v0:<timestamp>:<exact body bytes>` and the timestamp is recent.
 * Expected signatures are computed here with node:crypto directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import {
  isCustomerIoError,
  signWebhookPayload,
  type VerifyWebhookSignatureOptions,
  verifyWebhookSignature,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from '../src/webhooks/index.js';
import { independentSignature, nowMs, sentAt, signingKey } from './support/webhooks-fixtures.js';

const body =
  '{"metric":"opened","event_id":"01E4C4CT6YDC7Y5M7FE1GWWPQJ","object_type":"email","timestamp":1613063089,"data":{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","identifiers":{"id":"42"},"recipient":"ada@example.com"}}';
const timestamp = String(sentAt);
const signature = independentSignature(signingKey, timestamp, body);

const verify = (overrides: Partial<VerifyWebhookSignatureOptions> = {}) =>
  verifyWebhookSignature({ rawBody: body, timestamp, signature, signingKey, now: nowMs, ...overrides });

/** The error `run` throws, checked to be a WebhookSignatureError with this reason. */
function rejection(run: () => unknown, reason: WebhookSignatureFailure): WebhookSignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(isCustomerIoError(error)).toBe(true);
    const failure = error as WebhookSignatureError;
    expect(failure.reason).toBe(reason);
    expect(failure.code).toBe('webhook_signature');
    expect(JSON.stringify(failure)).not.toContain(signingKey);
    expect(failure.message).not.toContain(signingKey);
    return failure;
  }
  throw new Error('expected a WebhookSignatureError');
}

describe('verifyWebhookSignature', () => {
  it('accepts the signature Customer.io computes over the exact bytes, as a string, Buffer or Uint8Array', () => {
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(verify()).toBeUndefined();
    expect(verify({ rawBody: Buffer.from(body) })).toBeUndefined();
    expect(verify({ rawBody: new TextEncoder().encode(body) })).toBeUndefined();
  });

  it('hashes non-ASCII bodies as their UTF-8 bytes', () => {
    const unicode = '{"data":{"subject":"Grüße 🎉 ☃"}}';
    const bytes = Buffer.from(unicode, 'utf8');
    const expected = independentSignature(signingKey, timestamp, bytes);
    expect(verify({ rawBody: unicode, signature: expected })).toBeUndefined();
    expect(verify({ rawBody: bytes, signature: expected })).toBeUndefined();
  });

  it('accepts the hex digits in upper case too', () => {
    expect(verify({ signature: signature.toUpperCase() })).toBeUndefined();
  });

  it('rejects a tampered body as a mismatch', () => {
    const tampered = body.replace('"opened"', '"clicked"');
    const error = rejection(() => verify({ rawBody: tampered }), 'mismatch');
    expect(error.message).toBe(
      'Reporting webhook signature rejected (mismatch): the signature does not match the body and timestamp for this signing key',
    );
  });

  it('rejects the same JSON serialised again (spacing and key order change the bytes)', () => {
    const reserialised = JSON.stringify(JSON.parse(body), null, 2);
    rejection(() => verify({ rawBody: reserialised }), 'mismatch');
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(body)).reverse()));
    rejection(() => verify({ rawBody: reordered }), 'mismatch');
    rejection(() => verify({ rawBody: `${body}\n` }), 'mismatch');
  });

  it('rejects a signature made with another key, or over another timestamp', () => {
    rejection(() => verify({ signature: independentSignature('another-key', timestamp, body) }), 'mismatch');
    rejection(() => verify({ signingKey: 'another-key' }), 'mismatch');
    const otherTime = String(sentAt + 1);
    rejection(() => verify({ timestamp: otherTime }), 'mismatch');
  });

  it.each([
    ['an absent timestamp', { timestamp: undefined }, 'the X-CIO-Timestamp header is missing'],
    ['a null timestamp (Headers.get)', { timestamp: null }, 'the X-CIO-Timestamp header is missing'],
    ['an empty timestamp', { timestamp: '' }, 'the X-CIO-Timestamp header is missing'],
    ['an absent signature', { signature: undefined }, 'the X-CIO-Signature header is missing'],
    ['an empty signature', { signature: '' }, 'the X-CIO-Signature header is missing'],
  ])('rejects %s as missing_header', (_, overrides, detail) => {
    const error = rejection(() => verify(overrides), 'missing_header');
    expect(error.message).toBe(`Reporting webhook signature rejected (missing_header): ${detail}`);
  });

  it.each([
    ['a timestamp in milliseconds with a fraction', { timestamp: '1613063089.5' }],
    ['an ISO timestamp', { timestamp: '2021-02-11T17:04:49Z' }],
    ['a negative timestamp', { timestamp: '-1613063089' }],
    ['a timestamp with spaces', { timestamp: ' 1613063089' }],
    ['a signature one digit short', { signature: signature.slice(1) }],
    ['a signature one digit long', { signature: `${signature}0` }],
    ['a signature that is not hex', { signature: `${signature.slice(2)}zz` }],
    ['a prefixed signature', { signature: `sha256=${signature}` }],
  ])('rejects %s as malformed', (_, overrides) => {
    rejection(() => verify(overrides), 'malformed');
  });

  it('accepts a timestamp up to the tolerance away, either way', () => {
    expect(verify({ now: (sentAt + 300) * 1000 })).toBeUndefined();
    expect(verify({ now: (sentAt - 300) * 1000 })).toBeUndefined();
    expect(verify({ now: new Date((sentAt + 60) * 1000), toleranceSeconds: 60 })).toBeUndefined();
  });

  it('rejects a genuine but old request as stale', () => {
    const error = rejection(() => verify({ now: (sentAt + 301) * 1000 }), 'stale');
    expect(error.message).toBe(
      'Reporting webhook signature rejected (stale): the request was signed 301 seconds ago; at most 300 are accepted',
    );
  });

  it('rejects a genuine request dated too far in the future as stale', () => {
    const error = rejection(() => verify({ now: (sentAt - 301) * 1000 }), 'stale');
    expect(error.message).toBe(
      'Reporting webhook signature rejected (stale): the request is dated 301 seconds in the future; at most 300 are accepted',
    );
    rejection(() => verify({ now: (sentAt - 11) * 1000, toleranceSeconds: 10 }), 'stale');
  });

  it('reports a forged old request as a mismatch, not as stale', () => {
    rejection(() => verify({ rawBody: '{}', now: (sentAt + 3600) * 1000 }), 'mismatch');
  });

  it('refuses a missing signing key or a negative tolerance as ConfigError, without echoing the key', () => {
    expect(() => verify({ signingKey: '' })).toThrow(ConfigError);
    expect(() => verify({ signingKey: undefined as unknown as string })).toThrow(
      'Invalid option `signingKey`: must be the non-empty signing key of the reporting webhook',
    );
    expect(() => verify({ toleranceSeconds: -1 })).toThrow('Invalid option `toleranceSeconds`');
    expect(() => verify({ toleranceSeconds: Number.NaN })).toThrow('Invalid option `toleranceSeconds`');
  });

  it('never shows the key in any failure, whatever the reason', () => {
    const failures: unknown[] = [];
    for (const overrides of [
      { timestamp: undefined },
      { signature: 'x' },
      { signature: independentSignature('another-key', timestamp, body) },
      { now: 0 },
    ]) {
      try {
        verify(overrides);
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures).toHaveLength(4);
    for (const failure of failures) {
      const error = failure as WebhookSignatureError;
      expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(signingKey);
      expect(Object.keys(error.toJSON()).sort()).toEqual(['code', 'message', 'name', 'reason']);
    }
  });

  it('accepts any body signed with any key, and rejects it after any one byte changes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, key, position, flip) => {
          const stamp = String(sentAt);
          const good = independentSignature(key, stamp, bytes);
          const options = { timestamp: stamp, signature: good, signingKey: key, now: nowMs };
          verifyWebhookSignature({ ...options, rawBody: bytes });
          const changed = Uint8Array.from(bytes);
          const index = position % changed.length;
          changed[index] = (changed[index] as number) ^ flip;
          expect(() => verifyWebhookSignature({ ...options, rawBody: changed })).toThrow(
            WebhookSignatureError,
          );
        },
      ),
    );
  });
});

describe('signWebhookPayload', () => {
  it('returns the headers Customer.io would send, matching an independent HMAC', () => {
    expect(signWebhookPayload({ rawBody: body, signingKey, timestamp: sentAt })).toStrictEqual({
      'x-cio-timestamp': '1613063089',
      'x-cio-signature': signature,
    });
    expect(
      signWebhookPayload({ rawBody: body, signingKey, timestamp: new Date(sentAt * 1000 + 999) }),
    ).toStrictEqual({
      'x-cio-timestamp': '1613063089',
      'x-cio-signature': signature,
    });
  });

  it('signs what verifyWebhookSignature accepts', () => {
    const headers = signWebhookPayload({ rawBody: Buffer.from(body), signingKey, timestamp: sentAt });
    expect(
      verify({ timestamp: headers['x-cio-timestamp'], signature: headers['x-cio-signature'] }),
    ).toBeUndefined();
  });

  it('refuses a timestamp that is not whole unix seconds', () => {
    expect(() => signWebhookPayload({ rawBody: body, signingKey, timestamp: 1.5 })).toThrow(
      'Invalid option `timestamp`',
    );
    expect(() => signWebhookPayload({ rawBody: body, signingKey: '' })).toThrow(
      'Invalid option `signingKey`',
    );
  });
});

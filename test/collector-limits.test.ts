/**
 * Segment's limits, as the Tracking API applies them: a request over them is answered 400 with a body
 * naming the limit, and nothing of it is accepted; within a batch, a message that breaks a rule is
 * reported by its position and left out, and the others are delivered.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchElementSizes } from '../src/collector/batch-sizes.js';
import { trackingLimits } from '../src/collector/index.js';
import { collectorFixture } from './support/collector-fixtures.js';

const padding = (bytes: number) => 'x'.repeat(bytes);

describe("Segment's limits", () => {
  it('are 32 KB a message, 500 KB a request and 2,500 messages a batch', () => {
    expect(trackingLimits).toEqual({ messageBytes: 32_768, requestBytes: 512_000, batchMessages: 2_500 });
  });

  it('refuse a single call over 32 KB with 400, naming the limit', async () => {
    const { post, collector } = collectorFixture();
    const answer = await post('/v1/track', {
      userId: 'ada',
      event: 'Big',
      properties: { note: padding(33_000) },
    });
    expect(answer).toEqual({
      status: 400,
      headers: expect.anything(),
      body: {
        success: false,
        error: 'message_too_large',
        message: "The message is over Segment's limit of 32 KB (32768 bytes)",
        limit: { name: 'messageBytes', max: 32_768 },
      },
    });
    expect(collector.stats().default?.accepted).toBe(0);
  });

  it('refuse a request over 500 KB with 400, whether it says so or not, and however well it compresses', async () => {
    const { post, collector } = collectorFixture();
    const batch = Array.from({ length: 20 }, (_, index) => ({
      type: 'track',
      userId: `user-${index}`,
      event: 'Filler',
      properties: { note: padding(30_000) },
    }));
    const body = JSON.stringify({ batch });
    const declared = await post('/v1/batch', body, { headers: { 'content-length': String(body.length) } });
    const streamed = await post('/v1/batch', body);
    const zipped = await post('/v1/batch', gzipSync(body), { headers: { 'content-encoding': 'gzip' } });
    for (const answer of [declared, streamed, zipped]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        success: false,
        error: 'request_too_large',
        message: "The request body is over Segment's limit of 500 KB (512000 bytes)",
        limit: { name: 'requestBytes', max: 512_000 },
      });
    }
    expect(collector.stats().default?.accepted).toBe(0);
  });

  it('refuse a batch of more than 2,500 messages with 400', async () => {
    const { post, collector } = collectorFixture();
    const batch = Array.from({ length: 2_501 }, (_, index) => ({
      type: 'track',
      userId: `u${index}`,
      event: 'E',
    }));
    const answer = await post('/v1/batch', { batch });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: 'too_many_messages', limit: { name: 'batchMessages', max: 2_500 } },
    });
    expect(collector.stats().default?.accepted).toBe(0);
  });

  it('take a batch of 2,500 messages whole', async () => {
    const { post, settle, emulator } = collectorFixture();
    const batch = Array.from({ length: 2_500 }, (_, index) => ({
      type: 'track',
      userId: `u${index % 10}`,
      event: 'E',
      messageId: `m-${index}`,
    }));
    expect((await post('/v1/batch', { batch })).body).toEqual({
      success: true,
      accepted: 2_500,
      duplicates: 0,
    });
    await settle();
    expect(emulator.workspace.people().reduce((sum, person) => sum + person.events.length, 0)).toBe(2_500);
  });
});

describe('a bad message in a batch', () => {
  it('is reported by its position and left out; the others are delivered', async () => {
    const { post, settle, emulator, collector } = collectorFixture();
    const answer = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'ada', event: 'First', messageId: 'm-1' },
        'not a message',
        { type: 'trak', userId: 'ada', event: 'Typo', messageId: 'm-3' },
        {
          type: 'track',
          userId: 'ada',
          event: 'Too Big',
          messageId: 'm-4',
          properties: { note: padding(33_000) },
        },
        { type: 'track', event: 'Nobody', messageId: 'm-5' },
        { type: 'track', userId: 'ada', event: 'Last', messageId: 'm-6' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, error: 'invalid_message', message: 'A message must be a JSON object' },
        {
          index: 2,
          messageId: 'm-3',
          error: 'invalid_message',
          message: '`type` must be one of identify, track, page, screen, group, alias',
        },
        {
          index: 3,
          messageId: 'm-4',
          error: 'message_too_large',
          message: "The message is over Segment's limit of 32 KB (32768 bytes)",
        },
        { index: 4, messageId: 'm-5', error: 'invalid_message', message: expect.stringContaining('userId') },
      ],
    });
    await settle();
    expect(emulator.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual([
      'First',
      'Last',
    ]);
    expect(collector.stats().default).toMatchObject({ accepted: 2, delivered: 2 });
  });

  it('is a 400 when it is the only message of a single call', async () => {
    const { post } = collectorFixture();
    const answer = await post('/v1/track', { event: 'Nobody', messageId: 'm-1' });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        success: false,
        messageId: 'm-1',
        error: 'invalid_message',
        message: expect.stringContaining('userId'),
      },
    });
  });

  it('may be sent again once corrected, under the same messageId', async () => {
    const { post, collector } = collectorFixture();
    await post('/v1/track', { event: 'Nobody', messageId: 'm-1' });
    expect(
      (await post('/v1/track', { userId: 'ada', event: 'Somebody', messageId: 'm-1' })).body,
    ).toMatchObject({
      accepted: 1,
    });
    expect(collector.stats().default?.accepted).toBe(1);
  });
});

describe('the size of each message of a batch', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('is read from the body as sent, each element from its first byte to its last', () => {
    // Strings that hold what would end an element: a bracket, a comma, escaped quotes and backslashes.
    const body =
      String.raw`{ "sentAt": "x", "batch" : [ {"a":"]\\"}, "s,\\\"", 12 , [1,{}],null,` +
      '\n{"batch":[]} ], "z": [3] }';
    expect(JSON.parse(body).batch).toHaveLength(6);
    expect(batchElementSizes(bytes(body))).toEqual([11, 8, 2, 6, 4, 12]);
  });

  it('gives up, so the parsed messages are measured instead, on a body it cannot follow', () => {
    expect(batchElementSizes(bytes(String.raw`{"b\u0061tch":[{}]}`))).toBeUndefined();
    expect(batchElementSizes(bytes('{"batch":[{}],"batch":[{}]}'))).toBeUndefined();
    expect(batchElementSizes(bytes('{"other":[{}]}'))).toBeUndefined();
  });

  it('is the size JSON.stringify gives each message, in UTF-8 bytes, whatever the messages hold', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), (batch) => {
        const body = JSON.stringify({ context: { batch: [1] }, batch, writeKey: 'k' });
        const expected = batch.map((message) => Buffer.byteLength(JSON.stringify(message)));
        expect(batchElementSizes(bytes(body))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a message over 32 KB found by its size as sent, whitespace included', async () => {
    const { post } = collectorFixture();
    const filler = 'x'.repeat(16_000);
    const spaced = `{"batch":[{"type":"track","userId":"ada","event":"Spaced","a":"${filler}",${' '.repeat(17_000)}"b":1},{"type":"track","userId":"ada","event":"Fine"}]}`;
    const answer = await post('/v1/batch', spaced);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: [{ index: 0, error: 'message_too_large' }] });
  });
});

/**
 * The NDJSON reader: lines across chunks, where each starts and the bytes consumed, stopping while input
 * waits, and going on after a resume point only in the input it was taken from.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type NdjsonRecord,
  ndjsonReader,
  ResumeMismatchError,
  type ResumePoint,
} from '../src/cli/ndjson-reader.js';

async function all(reader: ReturnType<typeof ndjsonReader>): Promise<NdjsonRecord[]> {
  const records: NdjsonRecord[] = [];
  for await (const record of reader.records()) records.push(record);
  return records;
}

describe('ndjsonReader', () => {
  it('joins lines split across chunks, even inside a character', async () => {
    const text = Buffer.from('{"name":"Zoë"}\n\n{"n":2}\n');
    const split = text.indexOf(0xc3) + 1; // between the two bytes of ë
    const reader = ndjsonReader(
      Readable.from([text.subarray(0, split), text.subarray(split, split + 3), text.subarray(split + 3)]),
    );

    expect(await all(reader)).toEqual([
      { kind: 'value', line: 1, start: 0, value: { name: 'Zoë' } },
      { kind: 'value', line: 3, start: text.indexOf('{"n"'), value: { n: 2 } },
    ]);
    expect(reader.bytesRead).toBe(text.length);
    expect(reader.lastLine).toBe(3);
  });

  it('reports a line that is not JSON, and reads on', async () => {
    const reader = ndjsonReader(Readable.from([Buffer.from('[1,\n"ok"\n')]));
    const [bad, good] = await all(reader);
    expect(bad).toMatchObject({
      kind: 'unparsable',
      line: 1,
      raw: '[1,',
      reason: expect.stringMatching(/^is not JSON \(/),
    });
    expect(good).toEqual({ kind: 'value', line: 2, start: 4, value: 'ok' });
  });

  it('ends quietly when stopped while waiting for input that never comes', async () => {
    const input = new PassThrough();
    const reader = ndjsonReader(input);
    input.write('{"a":1}\n');
    const records: NdjsonRecord[] = [];
    for await (const record of reader.records()) {
      records.push(record);
      setTimeout(() => reader.stop(), 5);
    }
    expect(records).toEqual([{ kind: 'value', line: 1, start: 0, value: { a: 1 } }]);
    expect(input.destroyed).toBe(true);
  });
});

describe('ndjsonReader after a resume point', () => {
  const text = '{"n":1}\n\n{"n":3}\n{"n":4}\n{"n":5}';
  // Line 3 ends after its newline, at byte 17.
  const after3 = (checkHead: ResumePoint['checkHead'] = () => {}): ResumePoint => ({
    line: 3,
    byte: 17,
    checkHead,
  });
  const chunks = (size: number) =>
    Readable.from(
      Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
        Buffer.from(text.slice(i * size, (i + 1) * size)),
      ),
    );

  it.each([1, 5, 64])(
    'skips the lines up to it, unparsed, and goes on (chunks of %i bytes)',
    async (size) => {
      let head: Buffer | undefined;
      const reader = ndjsonReader(
        chunks(size),
        after3((bytes) => {
          head = bytes;
        }),
      );
      expect(reader.resumed).toBe(false);
      expect(await all(reader)).toEqual([
        { kind: 'value', line: 4, start: 17, value: { n: 4 } },
        { kind: 'value', line: 5, start: 25, value: { n: 5 } },
      ]);
      expect(reader.resumed).toBe(true);
      expect(head?.toString()).toBe(text.slice(0, 17));
      expect(reader.bytesRead).toBe(text.length);
    },
  );

  it('refuses an input whose line does not end where the resume point says', async () => {
    const reader = ndjsonReader(Readable.from([Buffer.from(`{"n":10}\n${text}`)]), after3());
    await expect(all(reader)).rejects.toThrow(
      new ResumeMismatchError('its line 3 ends at byte 18, not at byte 17'),
    );
    expect(reader.resumed).toBe(false);
  });

  it('refuses an input with fewer lines than the resume point', async () => {
    const reader = ndjsonReader(Readable.from([Buffer.from('{"n":1}\n\n')]), after3());
    await expect(all(reader)).rejects.toThrow(new ResumeMismatchError('it has only 2 lines'));
  });

  it('passes on what the head check throws, before yielding a line', async () => {
    const reader = ndjsonReader(
      Readable.from([Buffer.from(text)]),
      after3(() => {
        throw new ResumeMismatchError('its first 17 bytes are not the same');
      }),
    );
    await expect(all(reader)).rejects.toThrow('its first 17 bytes are not the same');
  });

  it('goes on after an input that ends exactly at the resume point, with nothing to read', async () => {
    const reader = ndjsonReader(Readable.from([Buffer.from(text.slice(0, 17))]), after3());
    expect(await all(reader)).toEqual([]);
    expect(reader.resumed).toBe(true);
  });
});

/** The NDJSON reader: lines across chunks, bytes consumed, and stopping while input waits. */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type NdjsonRecord, ndjsonReader } from '../src/cli/ndjson-reader.js';

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
      { kind: 'value', line: 1, value: { name: 'Zoë' } },
      { kind: 'value', line: 3, value: { n: 2 } },
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
    expect(good).toEqual({ kind: 'value', line: 2, value: 'ok' });
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
    expect(records).toEqual([{ kind: 'value', line: 1, value: { a: 1 } }]);
    expect(input.destroyed).toBe(true);
  });
});

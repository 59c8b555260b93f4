/**
 * `replay --dry-run`: every message mapped and printed as NDJSON on stdout, problems and the summary
 * on stderr, nothing sent and no credentials needed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjson, runCli } from './support/cli-harness.js';

const identify = {
  type: 'identify',
  messageId: 'm-1',
  userId: 'user-1',
  timestamp: '2025-03-03T08:00:00.000Z',
  traits: { email: 'ada@example.com', createdAt: '2025-01-02T03:04:05Z' },
};
const track = {
  type: 'track',
  messageId: 'm-2',
  userId: 'user-1',
  timestamp: '2025-03-03T08:00:01.000Z',
  event: 'Order Completed',
  properties: { total: 42.5, currency: 'EUR' },
};
const skipped = { type: 'page', messageId: 'm-3', userId: 'user-1', integrations: { 'Customer.io': false } };
const longName = { type: 'track', messageId: 'm-5', anonymousId: 'anon-1', event: 'x'.repeat(120) };

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cio-cli-dry-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('replay --dry-run', () => {
  it('prints, for each message, its line, messageId, operations and warnings as NDJSON', async () => {
    const input = ndjson(identify, '', track, skipped, '{"type":"track"', longName);
    const result = await runCli(['replay', '-', '--dry-run'], { stdin: input });

    expect(result.stdout).toBe(
      line({
        line: 1,
        messageId: 'm-1',
        operations: [
          {
            endpoint: 'entity',
            body: {
              type: 'person',
              identifiers: { id: 'user-1' },
              action: 'identify',
              attributes: { email: 'ada@example.com', created_at: 1_735_787_045 },
              timestamp: 1_740_988_800,
            },
          },
        ],
        warnings: [],
      }) +
        line({
          line: 3,
          messageId: 'm-2',
          operations: [
            {
              endpoint: 'entity',
              body: {
                type: 'person',
                identifiers: { id: 'user-1' },
                action: 'event',
                name: 'Order Completed',
                id: '01JNDG9QZ8CK40DDA4K4KQE8YP',
                timestamp: 1_740_988_801,
                attributes: { total: 42.5, currency: 'EUR' },
              },
            },
          ],
          warnings: [],
        }) +
        line({
          line: 4,
          messageId: 'm-3',
          skipped: 'integrations["Customer.io"] is false',
          operations: [],
          warnings: [],
        }) +
        line({
          line: 6,
          messageId: 'm-5',
          operations: [
            {
              endpoint: 'entity',
              body: {
                type: 'person',
                identifiers: { anonymous_id: 'anon-1' },
                action: 'event',
                name: 'x'.repeat(100),
                id: '0000000000W1V9RX7ERX68V8X5',
                attributes: {},
              },
            },
          ],
          warnings: [
            {
              code: 'event_name_truncated',
              field: 'event',
              message:
                "The event name is 120 bytes, over Customer.io's limit of 100; it was shortened to its first 100 bytes, without splitting a character.",
            },
          ],
        }),
    );
  });

  it('reports problems and the summary on stderr, and exits 1 for the invalid line', async () => {
    const input = ndjson(identify, '', track, skipped, '{"type":"track"', longName);
    const result = await runCli(['replay', '-', '--dry-run'], { stdin: input });

    expect(result.status).toBe(1);
    const [problem, ...summary] = result.stderr.trimEnd().split('\n');
    expect(problem).toMatch(/^line 5 is not JSON \(.+\)$/);
    expect(summary).toEqual([
      'Summary of standard input',
      '  messages  5',
      '  mapped    3 (3 operations, nothing sent)',
      '  skipped   1',
      '  invalid   1',
      '  warnings  1 (event_name_truncated 1)',
      '  elapsed   0 ms',
      '  rate      0 messages/s',
    ]);
  });

  it('exits 0 when every message maps, and needs no credentials', async () => {
    const result = await runCli(['replay', '-', '--dry-run'], { stdin: ndjson(identify, track), env: {} });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(3);
  });

  it('exits 0 despite invalid messages with --allow-invalid', async () => {
    const input = ndjson(identify, { type: 'track', userId: 'user-1' });
    const result = await runCli(['replay', '-', '--dry-run', '--allow-invalid'], { stdin: input });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('line 2: Invalid message: event: is required');
  });

  it('reads a file, with Windows line ends, a byte order mark and a last line without a newline', async () => {
    const path = join(dir, 'windows.ndjson');
    await writeFile(path, `\uFEFF${JSON.stringify(identify)}\r\n\r\n${JSON.stringify(track)}`);
    const result = await runCli(['replay', path, '--dry-run']);

    expect(result.status).toBe(0);
    const printed = result.stdout
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(printed.map((entry) => [entry.line, entry.messageId])).toEqual([
      [1, 'm-1'],
      [3, 'm-2'],
    ]);
    expect(result.stderr).toContain(`Summary of ${path}`);
  });

  it('counts a line that is not UTF-8 as invalid, names it, and goes on', async () => {
    const path = join(dir, 'latin1.ndjson');
    const bad = Buffer.from('{"type":"track","userId":"caf\xe9","event":"x"}\n', 'latin1');
    await writeFile(path, Buffer.concat([bad, Buffer.from(ndjson(track))]));
    const result = await runCli(['replay', path, '--dry-run', '--failed', join(dir, 'latin1-failed.ndjson')]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 1 is not UTF-8');
    expect(JSON.parse(result.stdout)).toMatchObject({ line: 2, messageId: 'm-2' });
    const [record] = (await readFile(join(dir, 'latin1-failed.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(record as string)).toMatchObject({
      line: 1,
      raw: '{"type":"track","userId":"caf\xe9","event":"x"}',
      error: { code: 'invalid_message', problems: [{ rule: 'json', message: 'is not UTF-8' }] },
    });
  });
});

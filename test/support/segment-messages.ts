/**
 * Small builders for Segment messages as analytics libraries send them, and for what mapping should
 * make of them. Each builder gives a complete message; tests override only what they are about.
 */
import { expect } from 'vitest';
import { dedupeId } from '../../src/mapping/dedupe-id.js';
import { InvalidMessageError, type MappingResult, type MessageProblem } from '../../src/mapping/index.js';

/** The time every built message happened at, and the same in unix seconds and milliseconds. */
export const time = '2024-03-01T12:00:00.250Z';
export const seconds = 1_709_294_400;
export const ms = 1_709_294_400_250;

type Fields = Record<string, unknown>;

const common = (messageId: string): Fields => ({ messageId, timestamp: time, userId: 'user-1' });

export const identify = (fields: Fields = {}): Fields => ({
  type: 'identify',
  ...common('msg-identify'),
  ...fields,
});

export const track = (event: string, fields: Fields = {}): Fields => ({
  type: 'track',
  ...common('msg-track'),
  event,
  ...fields,
});

export const page = (fields: Fields = {}): Fields => ({ type: 'page', ...common('msg-page'), ...fields });

export const screen = (fields: Fields = {}): Fields => ({
  type: 'screen',
  ...common('msg-screen'),
  ...fields,
});

export const group = (fields: Fields = {}): Fields => ({
  type: 'group',
  ...common('msg-group'),
  groupId: 'acme',
  ...fields,
});

export const alias = (fields: Fields = {}): Fields => ({
  type: 'alias',
  ...common('msg-alias'),
  previousId: 'old-id',
  ...fields,
});

/** A v2 operation as mapping returns it. */
export const entity = (body: Fields) => ({ endpoint: 'entity', body });

/** What mapMessage returns when it sends `operations` and has nothing to warn about. */
export const sent = (...operations: unknown[]) => ({ operations, warnings: [] });

/** A warning whose sentence is not what the test is about. */
export const warning = (code: string, field: string) => ({ code, field, message: expect.any(String) });

/** A problem whose sentence is not what the test is about. */
export const problem = (path: string, rule: string, limit?: number): MessageProblem => ({
  path,
  rule,
  message: expect.any(String),
  ...(limit === undefined ? {} : { limit }),
});

/** The error `run` throws; fails the test when it throws nothing. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but nothing was thrown');
}

/** The problems of the InvalidMessageError `run` throws. */
export function problemsOf(run: () => unknown): MessageProblem[] {
  const error = thrown(run);
  expect(error).toBeInstanceOf(InvalidMessageError);
  return (error as InvalidMessageError).problems;
}

/** The dedupe id mapping gives a message with this messageId at this time (dedupe-id.ts is tested on its own). */
export const eventId = (messageId: string, timeMs: number = ms): string =>
  dedupeId({ messageId }, timeMs, null);

/** The body of one operation of a result, failing the test when there is none. */
export function bodyOf(result: MappingResult, index = 0): Record<string, unknown> {
  const operation = result.operations[index];
  if (operation === undefined)
    throw new Error(`expected an operation at ${index}, got ${result.operations.length}`);
  return operation.body as Record<string, unknown>;
}

/**
 * A soak: many messages through an emulator that fails about one request in twenty (server errors,
 * throttling, dropped connections, answers lost after the work was done), ending with every message
 * delivered and exactly one copy of each event and each person in the workspace.
 *
 * `SOAK_MESSAGES` sets the number of messages (default 100000).
 */
import { expect, it } from 'vitest';
import type { DeliveryResult } from '../src/delivery/delivery-result.js';
import { createDestination } from '../src/destination.js';
import type { SegmentMessage } from '../src/mapping/messages.js';
import { createTrackApiEmulator, type FaultSpec } from '../src/testing/index.js';

const messageCount = Number(process.env.SOAK_MESSAGES ?? 100_000);
const peopleCount = 1000;

const faultKinds: FaultSpec[] = [
  { status: 500 },
  { status: 503 },
  { status: 429, retryAfter: 0 },
  { status: 429, retryAfter: 1 },
  { reset: true },
  // The work is done, but the answer comes after the client gave up: it must try again, and
  // the dedupe id must keep Customer.io from recording the event twice.
  { delayMs: 1500, applied: true },
  { status: 503, applied: true },
];

function soakMessage(index: number): SegmentMessage {
  const userId = `person-${index % peopleCount}`;
  const timestamp = new Date(Date.UTC(2024, 2, 1) + index * 1000).toISOString();
  if (index % 10 === 0) {
    return {
      type: 'identify',
      userId,
      messageId: `soak-${index}`,
      timestamp,
      traits: { email: `${userId}@example.com`, plan: index % 20 === 0 ? 'pro' : 'team' },
    };
  }
  return {
    type: 'track',
    userId,
    messageId: `soak-${index}`,
    timestamp,
    event: 'Order Completed',
    properties: { order: index, total: (index % 97) + 0.5, currency: 'EUR' },
  };
}

it(`delivers ${messageCount} messages through faults, each exactly once`, { timeout: 180_000 }, async () => {
  const emulator = createTrackApiEmulator({
    faults: { seed: 20240301, probability: 0.05, kinds: faultKinds },
  });
  const results: DeliveryResult[] = [];
  const destination = createDestination({
    ...emulator.clientOptions(),
    fetch: emulator.fetch,
    timeoutMs: 1000,
    rateLimit: { requestsPerSecond: 1000 },
    retry: { baseDelayMs: 10, maxDelayMs: 1000, maxAttempts: 12 },
    onResult: (result) => results.push(result),
  });

  for (let index = 0; index < messageCount; index++) await destination.enqueue(soakMessage(index));
  await destination.close();

  const stats = destination.stats();
  expect(stats).toMatchObject({ accepted: messageCount, delivered: messageCount, failed: 0, queued: 0 });
  expect(results.filter((result) => result.status !== 'delivered')).toEqual([]);
  expect(results).toHaveLength(messageCount);
  // The faults did strike, and were retried.
  expect(stats.retries).toBeGreaterThan(0);
  expect(emulator.requests.filter((request) => request.fault !== undefined).length).toBeGreaterThan(0);

  const sentIds = results.flatMap((result) =>
    result.operations.flatMap(({ operation }) =>
      operation.endpoint === 'entity' && operation.body.type === 'person' && operation.body.action === 'event'
        ? [operation.body.id]
        : [],
    ),
  );
  const trackCount = messageCount - Math.ceil(messageCount / 10);
  expect(new Set(sentIds).size).toBe(trackCount);

  const people = emulator.workspace.people();
  expect(people).toHaveLength(Math.min(peopleCount, messageCount));
  expect(new Set(people.map((person) => person.id)).size).toBe(people.length);
  const storedIds = people.flatMap((person) => person.events.map((event) => event.dedupeId));
  expect(storedIds).toHaveLength(trackCount);
  expect(new Set(storedIds)).toEqual(new Set(sentIds));
  expect(emulator.workspace.anonymousEvents()).toEqual([]);
});

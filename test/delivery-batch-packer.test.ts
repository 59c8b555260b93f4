/** Packing by bytes, from strings serialised once, and the order work is taken in. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeBatch, v2Plan } from '../src/delivery/batch-packer.js';
import { Deque } from '../src/delivery/deque.js';
import { type QueuedOperation, TrackedMessage } from '../src/delivery/tracked-message.js';
import { WorkQueue } from '../src/delivery/work-queue.js';
import type { TrackOperation } from '../src/mapping/operations.js';
import { eventOperation, filler } from './support/delivery-harness.js';

let sequence = 0;
/** One message per operation, each queued operation ready to pack. */
function queued(...operations: TrackOperation[]): QueuedOperation[] {
  return operations.map((operation) => {
    const message = new TrackedMessage(
      sequence++,
      { messageId: undefined, operations: [operation], warnings: [] },
      undefined,
      false,
    );
    return message.operations[0] as QueuedOperation;
  });
}
/** An event whose JSON is exactly `bytes` long. */
function eventOfSize(n: number, bytes: number): TrackOperation {
  const bare = JSON.stringify(eventOperation('user-1', 'Sized', n, { note: '' }).body).length;
  return eventOperation('user-1', 'Sized', n, { note: filler(bytes - bare) });
}
const sizeOf = (item: QueuedOperation) => (item.route.kind === 'v2' ? item.route.bytes : Number.NaN);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('packing', () => {
  it('fills a batch exactly up to maxBatchBytes: envelope, items and the commas between them', () => {
    const items = queued(eventOfSize(1, 1000), eventOfSize(2, 1000), eventOfSize(3, 1000));
    expect(items.map(sizeOf)).toEqual([1000, 1000, 1000]);
    const exact = '{"batch":[]}'.length + 3000 + 2;

    const ready = new Deque<QueuedOperation>();
    for (const item of items) ready.push(item);
    expect(takeBatch(ready, exact - 1)).toEqual(items.slice(0, 2));
    expect(takeBatch(ready, exact)).toEqual(items.slice(2));

    for (const item of items) ready.push(item);
    const plan = v2Plan(takeBatch(ready, exact));
    expect(plan.bytes).toBe(exact);
    expect(plan.body.byteLength).toBe(exact);
  });

  it('counts bytes, not characters', () => {
    const operation = eventOperation('user-1', 'Multibyte', 1, { note: 'é€😀' });
    const [item] = queued(operation);
    const json = JSON.stringify(operation.body);
    expect(json.length).toBeLessThan(Buffer.byteLength(json));
    expect(item && sizeOf(item)).toBe(Buffer.byteLength(json));
  });

  it('writes the strings serialised when the operations were accepted as UTF-8, without serialising again', () => {
    const operations = [
      eventOperation('user-1', 'A', 1),
      eventOperation('user-2', 'B', 2, { note: 'é€😀' }),
      eventOperation('user-3', 'C', 3, { lone: '\ud800' }),
    ];
    const items = queued(...operations);
    const stringify = vi.spyOn(JSON, 'stringify');
    const batch = v2Plan(items);
    const entity = v2Plan(items.slice(0, 1));
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();

    expect(batch).toMatchObject({ kind: 'batch', label: 'POST /api/v2/batch' });
    const text = (body: Uint8Array) => Buffer.from(body).toString('utf8');
    expect(text(batch.body)).toBe(JSON.stringify({ batch: operations.map((operation) => operation.body) }));
    expect(batch.body.byteLength).toBe(batch.bytes);
    expect(entity).toMatchObject({ kind: 'entity', label: 'POST /api/v2/entity' });
    expect(text(entity.body)).toBe(JSON.stringify(operations[0]?.body));
  });
});

describe('work queue', () => {
  it('hands out pinned groups first, then lone v1 requests, then batches of what is ready', () => {
    const queue = new WorkQueue();
    const [a, b, c, d] = queued(
      eventOperation('user-1', 'A', 1),
      eventOperation('user-2', 'B', 2),
      { endpoint: 'metrics', body: { delivery_id: 'd-1', metric: 'opened' } },
      eventOperation('user-3', 'D', 3),
    ) as [QueuedOperation, QueuedOperation, QueuedOperation, QueuedOperation];
    queue.add(a, 0);
    queue.add(c, 0);
    queue.add(d, 0);
    queue.pin([b]);

    expect(queue.requestsNeeded(500_000)).toBe(3);
    expect(queue.take(500_000)).toMatchObject({ kind: 'entity', items: [b], pinned: true });
    expect(queue.take(500_000)).toMatchObject({ kind: 'solo', items: [c], label: 'POST /api/v1/metrics' });
    expect(queue.take(500_000)).toMatchObject({ kind: 'batch', items: [a, d], pinned: false });
    expect(queue.take(500_000)).toBeUndefined();
    expect(queue.isEmpty).toBe(true);
  });

  it('holds retries until their time, then puts them back ahead of fresh work, in their order', () => {
    const queue = new WorkQueue();
    const [a, b, c] = queued(
      eventOperation('user-1', 'A', 1),
      eventOperation('user-2', 'B', 2),
      eventOperation('user-3', 'C', 3),
    ) as [QueuedOperation, QueuedOperation, QueuedOperation];
    queue.defer([a, b], 100, false);
    queue.add(c, 50);

    queue.releaseDue(99);
    expect(queue.nextDueAt()).toBe(100);
    expect(queue.take(500_000)?.items).toEqual([c]);
    queue.add(c, 60);
    queue.releaseDue(100);
    expect(queue.nextDueAt()).toBeUndefined();
    expect(queue.take(500_000)?.items).toEqual([a, b, c]);
  });

  it('lingers from the oldest ready operation, unless a batch is full or something travels alone', () => {
    const queue = new WorkQueue();
    const [a, b] = queued(eventOfSize(1, 20_000), eventOfSize(2, 20_000)) as [
      QueuedOperation,
      QueuedOperation,
    ];
    expect(queue.lingerUntil(50, 40_000)).toBe(0);
    queue.add(a, 1000);
    expect(queue.lingerUntil(0, 40_000)).toBe(0);
    expect(queue.lingerUntil(50, 40_000)).toBe(1050);
    queue.add(b, 1010);
    expect(queue.lingerUntil(50, 40_000)).toBe(0);
  });
});

describe('deque', () => {
  it('keeps its order at both ends as it grows', () => {
    const deque = new Deque<number>();
    for (let n = 0; n < 40; n++) deque.push(n);
    for (let n = -1; n >= -40; n--) deque.unshift(n);
    expect(deque.length).toBe(80);
    expect(deque.shift()).toBe(-40);
    expect(deque.drain()).toEqual([
      ...Array.from({ length: 39 }, (_, n) => n - 39),
      ...Array.from({ length: 40 }, (_, n) => n),
    ]);
    expect(deque.peek()).toBeUndefined();
  });
});

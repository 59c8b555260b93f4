/**
 * The memory store of accepted messageIds: what a retried message is recognised by. It is bounded in
 * entries and in time, forgets the oldest first, and costs the same however full it is.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryMessageIdStore } from '../src/collector/index.js';
import { ConfigError } from '../src/errors.js';

describe('createMemoryMessageIdStore', () => {
  it('claims an id once; it is in flight until completed (then done) or released (then free)', () => {
    const store = createMemoryMessageIdStore();
    expect(store.claim('a')).toBe('claimed');
    expect(store.claim('a')).toBe('in_flight');
    store.complete('a');
    expect(store.claim('a')).toBe('done');
    expect(store.claim('b')).toBe('claimed');
    store.release('b');
    expect(store.claim('b')).toBe('claimed');
    // Releasing an id already done forgets nothing.
    store.release('a');
    expect(store.claim('a')).toBe('done');
  });

  it('forgets an id after ttlMs', () => {
    let time = 1_000;
    const store = createMemoryMessageIdStore({ ttlMs: 500, now: () => time });
    store.claim('a');
    store.complete('a');
    time = 1_499;
    expect(store.claim('a')).toBe('done');
    time = 1_500;
    expect(store.claim('a')).toBe('claimed');
  });

  it('keeps at most maxEntries ids, forgetting the oldest first, even when one is remembered again', () => {
    const store = createMemoryMessageIdStore({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) {
      store.claim(id);
      store.complete(id);
    }
    // `a` remembered again goes to the back of the line; then `b`, the oldest, makes room for `d`.
    store.complete('a');
    store.claim('d');
    store.complete('d');
    expect(store.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((id) => store.claim(id))).toEqual(['done', 'claimed', 'done', 'done']);
  });

  it('holds exactly maxEntries ids after three times as many passed through', () => {
    const store = createMemoryMessageIdStore({ maxEntries: 100_000 });
    let operations = 0;
    for (let n = 0; n < 300_000; n++) {
      const id = `source\nmsg-${n}`;
      if (store.claim(id) === 'claimed') store.complete(id);
      operations += 2;
    }
    expect(store.size).toBe(100_000);
    expect(operations).toBe(600_000);
  });

  it('checks its options', () => {
    expect(() => createMemoryMessageIdStore({ maxEntrys: 5 } as never)).toThrow(ConfigError);
    expect(() => createMemoryMessageIdStore({ ttlMs: 0 })).toThrow('Invalid option `ttlMs`');
  });
});

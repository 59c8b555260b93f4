/** The in-memory dedupe store: claims, completions, releases, expiry and its bound, on a fake clock. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import {
  createMemoryDedupeStore,
  defaultDedupeMaxEntries,
  defaultDedupeTtlMs,
} from '../src/webhooks/index.js';

function clock(start = 1_000_000) {
  let time = start;
  const advance = (ms: number) => {
    time += ms;
  };
  return { now: () => time, advance };
}

describe('createMemoryDedupeStore', () => {
  it('hands an event out once: claimed, then in flight, then done once completed', () => {
    const store = createMemoryDedupeStore();
    expect(store.claim('e1')).toBe('claimed');
    expect(store.claim('e1')).toBe('in_flight');
    store.complete('e1');
    expect(store.claim('e1')).toBe('done');
    expect(store.claim('e2')).toBe('claimed');
    expect(store.size).toBe(1);
  });

  it('lets a released event be claimed again', () => {
    const store = createMemoryDedupeStore();
    expect(store.claim('e1')).toBe('claimed');
    store.release('e1');
    expect(store.claim('e1')).toBe('claimed');
    expect(store.size).toBe(0);
  });

  it('forgets a handled event once its time to live has passed', () => {
    const { now, advance } = clock();
    const store = createMemoryDedupeStore({ ttlMs: 1000, now });
    store.claim('e1');
    store.complete('e1');
    advance(999);
    expect(store.claim('e1')).toBe('done');
    advance(1);
    expect(store.claim('e1')).toBe('claimed');
  });

  it('keeps at most maxEntries handled events, forgetting the oldest first', () => {
    const store = createMemoryDedupeStore({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) {
      store.claim(id);
      store.complete(id);
    }
    expect(store.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((id) => store.claim(id))).toStrictEqual([
      'claimed',
      'done',
      'done',
      'done',
    ]);
  });

  it('remembers by default 100000 events for 7 days and 1 hour, which covers Customer.io retries', () => {
    expect(defaultDedupeMaxEntries).toBe(100_000);
    expect(defaultDedupeTtlMs).toBe(608_400_000);
    const { now, advance } = clock();
    const store = createMemoryDedupeStore({ now });
    store.claim('e1');
    store.complete('e1');
    advance(7 * 24 * 3600 * 1000);
    expect(store.claim('e1')).toBe('done');
    advance(3600 * 1000);
    expect(store.claim('e1')).toBe('claimed');
  });

  it.each([
    [{ maxEntries: 0 }, 'maxEntries'],
    [{ maxEntries: 1.5 }, 'maxEntries'],
    [{ ttlMs: -1 }, 'ttlMs'],
    [{ now: 'soon' as unknown as () => number }, 'now'],
  ])('refuses %o', (options, option) => {
    expect(() => createMemoryDedupeStore(options)).toThrow(ConfigError);
    expect(() => createMemoryDedupeStore(options)).toThrow(`Invalid option \`${option}\``);
  });
});

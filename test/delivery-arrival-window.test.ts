/**
 * The arrival window: a request holds its place from its start until a window after its answer, so that
 * however late it arrives between the two, no window of the server's counts more than the limit.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArrivalWindow } from '../src/delivery/arrival-window.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const clock = () => Date.now();

/** Records when each of the given acquisitions resolves, in fake milliseconds. */
function startTimes(window: ArrivalWindow, count: number) {
  const times: number[] = [];
  const releases: (() => void)[] = [];
  const all = Array.from({ length: count }, (_, index) =>
    window.acquire().then((release) => {
      times[index] = Date.now();
      releases[index] = release;
    }),
  );
  return { times, releases, all: Promise.all(all) };
}

describe('ArrivalWindow', () => {
  it('gives `limit` places at once; the next frees up a window (and a millisecond) after an answer', async () => {
    const window = new ArrivalWindow(2, 1000, clock);
    const { times, releases, all } = startTimes(window, 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toEqual([0, 0]);

    await vi.advanceTimersByTimeAsync(30);
    releases[1]?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect(times).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    await all;
    expect(times).toEqual([0, 0, 1031]);
  });

  it('keeps the place of a request in flight however long it takes', async () => {
    const window = new ArrivalWindow(1, 1000, clock);
    const { times, releases } = startTimes(window, 2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(times).toEqual([0]);
    expect(vi.getTimerCount()).toBe(0);

    releases[0]?.();
    releases[0]?.(); // a second call changes nothing
    await vi.advanceTimersByTimeAsync(1001);
    expect(times).toEqual([0, 6001]);
  });

  it('gives places in the order they were asked for', async () => {
    const window = new ArrivalWindow(1, 100, clock);
    const order: number[] = [];
    const first = await window.acquire();
    const later = [1, 2, 3].map((n) =>
      window.acquire().then((release) => {
        order.push(n);
        release();
      }),
    );
    first();
    await vi.runAllTimersAsync();
    await Promise.all(later);
    expect(order).toEqual([1, 2, 3]);
  });

  it('says when a place someone waits for has freed up, even before its timer has run', async () => {
    const window = new ArrivalWindow(1, 1000, clock);
    const release = await window.acquire();
    release();
    expect(window.placeIsDue).toBe(false);
    const waiting = window.whenFree();
    vi.setSystemTime(1000);
    expect(window.placeIsDue).toBe(false);
    // A busy thread: the time has come, the timer has not run yet.
    vi.setSystemTime(1001);
    expect(window.placeIsDue).toBe(true);
    await vi.runOnlyPendingTimersAsync();
    await waiting;
    expect(window.placeIsDue).toBe(false);
  });

  it('tells a watcher when a place is free without taking it', async () => {
    const window = new ArrivalWindow(1, 1000, clock);
    expect(window.whenFree()).toBeUndefined();
    const release = await window.acquire();
    let freeAt: number | undefined;
    void window.whenFree()?.then(() => {
      freeAt = Date.now();
    });
    release();
    await vi.runAllTimersAsync();
    expect(freeAt).toBe(1001);
    // The watcher took nothing: the place is still there.
    expect(window.whenFree()).toBeUndefined();
  });

  it('rejects every wait and leaves no timer once stopped', async () => {
    const window = new ArrivalWindow(1, 1000, clock);
    (await window.acquire())();
    const waiting = window.acquire();
    const watching = window.whenFree();
    expect(vi.getTimerCount()).toBe(1);
    window.stop();
    await expect(waiting).rejects.toThrow('The destination stopped');
    await expect(watching).rejects.toThrow('The destination stopped');
    expect(vi.getTimerCount()).toBe(0);
    await expect(window.acquire()).rejects.toThrow('The destination stopped');
  });

  it('never lets more than the limit arrive in any window, wherever between start and answer each arrives', async () => {
    const request = fc.record({
      askedAfterMs: fc.integer({ min: 0, max: 400 }),
      roundTripMs: fc.integer({ min: 0, max: 1500 }),
      /** Where between its start and its answer the request arrives. */
      arrivesAt: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(request, { minLength: 1, maxLength: 25 }),
        async (limit, requests) => {
          vi.setSystemTime(0);
          const window = new ArrivalWindow(limit, 1000, clock);
          const arrivals: number[] = [];
          let asked = 0;
          const done = requests.map(async ({ askedAfterMs, roundTripMs, arrivesAt }) => {
            asked += askedAfterMs;
            await vi.advanceTimersByTimeAsync(0);
            await new Promise((resolve) => setTimeout(resolve, asked - Date.now()));
            const release = await window.acquire();
            const start = Date.now();
            arrivals.push(start + arrivesAt * roundTripMs);
            await new Promise((resolve) => setTimeout(resolve, roundTripMs));
            release();
          });
          await vi.runAllTimersAsync();
          await Promise.all(done);
          expect(arrivals).toHaveLength(requests.length);
          for (const end of arrivals) {
            const inWindow = arrivals.filter((time) => time > end - 1000 && time <= end);
            expect(inWindow.length).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

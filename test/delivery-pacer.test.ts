/** Pacing: requests spread evenly over the second, on a schedule that a late timer does not push back. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../src/delivery/pacer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** When each of `count` starts asked for at `askedAt` really happens, in fake milliseconds. */
async function startTimes(pacer: Pacer, askedAt: readonly number[]): Promise<number[]> {
  const times: number[] = [];
  for (const at of askedAt) {
    await vi.advanceTimersByTimeAsync(Math.max(0, at - Date.now()));
    const wait = pacer.next(Date.now());
    if (wait) await vi.runOnlyPendingTimersAsync();
    times.push(Date.now());
  }
  return times;
}

describe('Pacer', () => {
  it('lets a start go at once when none is due, and spaces the next ones evenly', async () => {
    const pacer = new Pacer(10);
    expect(pacer.next(0)).toBeUndefined();
    expect(await startTimes(pacer, [0, 0, 0])).toEqual([10, 20, 30]);
  });

  it('spaces starts from when the previous one was due, not from when the next was asked for', async () => {
    const pacer = new Pacer(10);
    // The third is asked for at 14, after the second went at 10: it is due at 20, not 24.
    expect(await startTimes(pacer, [0, 0, 14])).toEqual([0, 10, 20]);
  });

  it('keeps the schedule for a start asked for less than a spacing late', async () => {
    const pacer = new Pacer(10);
    expect(pacer.next(0)).toBeUndefined();
    // Due at 10, asked for at 13: it goes at once, and the next is due at 20, not 23.
    expect(await startTimes(pacer, [13, 13])).toEqual([13, 20]);
  });

  it('after a timer that ran late, lets the starts that have come due go at once, right after it', async () => {
    const pacer = new Pacer(10);
    expect(pacer.next(0)).toBeUndefined();
    const second = pacer.next(0); // due at 10
    // A busy event loop: moving the clock on moves the pending timer with it, so it runs past 20.
    vi.setSystemTime(25);
    await vi.runOnlyPendingTimersAsync();
    await second;
    const lateAt = Date.now();
    expect(lateAt).toBeGreaterThan(20);
    // The third was due at 20 on the schedule: it goes at once. The next ones keep the schedule too,
    // due at 30 and 40, so they go as soon as they are both due and asked for.
    expect(pacer.next(lateAt)).toBeUndefined();
    expect(await startTimes(pacer, [lateAt, lateAt])).toEqual([Math.max(lateAt, 30), Math.max(lateAt, 40)]);
  });

  it('catches up after a start asked for up to 100 ms late, the starts due meanwhile going one after the other', async () => {
    const pacer = new Pacer(10);
    expect(pacer.next(0)).toBeUndefined();
    // Due at 10, 20, 30 and 40; asked for at 45 (a busy thread): the first four go at once.
    expect([pacer.next(45), pacer.next(45), pacer.next(45), pacer.next(45)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(await startTimes(pacer, [45])).toEqual([50]);
    // Due at 60; asked for at 160, exactly 100 ms late: it still goes at once, and the next is due at 70.
    expect(pacer.next(160)).toBeUndefined();
    expect(pacer.next(160)).toBeUndefined();
  });

  it('starts the schedule again from now after a start asked for more than 100 ms late', async () => {
    const pacer = new Pacer(10);
    expect(pacer.next(0)).toBeUndefined();
    // Due at 10; asked for at 111: it goes at once, and the next only a spacing later.
    expect(pacer.next(111)).toBeUndefined();
    expect(await startTimes(pacer, [111])).toEqual([121]);
  });

  it('says when the start waited for is due, even before its timer has run', async () => {
    const pacer = new Pacer(10);
    expect(pacer.isDue(0)).toBe(false);
    pacer.next(0);
    const waiting = pacer.next(0);
    expect(pacer.isDue(9)).toBe(false);
    expect(pacer.isDue(10)).toBe(true);
    await vi.runOnlyPendingTimersAsync();
    await waiting;
    expect(pacer.isDue(10)).toBe(false);
  });

  it('adds nothing after an idle spell', async () => {
    const pacer = new Pacer(200);
    expect(pacer.next(0)).toBeUndefined();
    expect(pacer.next(1_000)).toBeUndefined();
    expect(pacer.next(5_000)).toBeUndefined();
  });

  it('rejects every wait and leaves no timer once stopped', async () => {
    const pacer = new Pacer(100);
    pacer.next(0);
    const waits = [pacer.next(0), pacer.next(0)];
    expect(vi.getTimerCount()).toBe(2);
    pacer.stop();
    for (const wait of waits) await expect(wait).rejects.toThrow('stopped');
    expect(vi.getTimerCount()).toBe(0);
  });
});

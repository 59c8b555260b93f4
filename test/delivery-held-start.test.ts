/**
 * A request the rate limit held back starts on time even while the code queueing messages keeps the
 * thread: that code is asked for a turn of the event loop as soon as the start is due, when the timer
 * holding it can fire.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineWithEmulator, eventOperation } from './support/delivery-harness.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A turn of the real event loop: the engine looks for work with the `setImmediate` Node started with. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a start the rate limit held back', () => {
  it('asks a loop that never yields for a turn as soon as it is due, not when the next look for work is', async () => {
    // Clocks and the pacer's timer are fake; turns of the event loop are real.
    vi.useFakeTimers({ now: 0, toFake: ['Date', 'performance', 'setTimeout', 'clearTimeout'] });
    const { engine, emulator, deliver } = engineWithEmulator({}, { requestsPerSecond: 100 });
    void deliver([eventOperation('user-1', 'First', 1)]);
    await turn();
    expect(emulator.requests).toHaveLength(1);

    // The next start is due 10 ms after the first, at 100 requests a second.
    void deliver([eventOperation('user-2', 'Second', 2)]);
    await turn();
    vi.setSystemTime(8);
    void deliver([eventOperation('user-3', 'Third', 3)]);
    vi.setSystemTime(9.9);
    expect(engine.shouldYield()).toBe(false);
    // Due, though its timer has not run (the thread is busy) and work was queued only 2 ms ago.
    vi.setSystemTime(10);
    expect(engine.shouldYield()).toBe(true);

    await vi.runOnlyPendingTimersAsync();
    await turn();
    expect(emulator.requests).toHaveLength(2);
    expect(emulator.requests[1]?.body).toMatchObject({ batch: [{ name: 'Second' }, { name: 'Third' }] });
    engine.stop();
  });
});

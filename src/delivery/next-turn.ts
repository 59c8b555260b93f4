/**
 * Running something once this turn of the event loop is over (after I/O callbacks of the turn), with
 * the `setImmediate` Node had when this module loaded. Test frameworks' fake timers replace the global
 * one when a test installs them; a destination's look for work is not a delay such a test means to
 * control, and with a faked one a plain `await destination.send(message)` would never settle.
 */
const realSetImmediate = globalThis.setImmediate;

/** Calls `callback` in the check phase of the event loop, like `setImmediate`. */
export function afterThisTurn(callback: () => void): void {
  realSetImmediate(callback);
}

/** Resolves once this turn of the event loop is over. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** How mapping treats the user's data. Every option has a default that matches Segment's Customer.io destination. */

/** What to do when an identify carries more traits than `maxTraitsPerIdentify`. */
export type TraitOverflowPolicy = 'split' | 'drop' | 'error';

/** What to do with a value over a byte limit that can be shortened safely. */
export type OversizePolicy = 'truncate' | 'drop' | 'error';

export interface MappingOptions {
  /**
   * Most attributes sent in one identify operation. Segment documents 30 for this destination;
   * Customer.io accepts up to 300.
   * @default 30
   */
  maxTraitsPerIdentify?: number;
  /**
   * When an identify has more traits than `maxTraitsPerIdentify`: `split` sends further identify
   * operations for the same person so no trait is lost; `drop` keeps the first ones and warns about the
   * rest; `error` throws `TraitLimitError`.
   * @default 'split'
   */
  traitOverflow?: TraitOverflowPolicy;
  /**
   * Most identify operations one identify message may become, from 1 to 1000: its traits split by
   * `maxTraitsPerIdentify`, and by the 32 KB Customer.io takes in one operation. An identify that would
   * need more is refused with `InvalidMessageError` (path `traits`, rule `max_operations`), so one
   * message never turns into thousands of requests. Traits are counted as given, before the copy, so
   * an identify of 100,000 traits is refused at once. The default, at 30 traits an operation, allows
   * the 300 attributes Customer.io itself accepts in one request.
   * @default 10
   */
  maxOperationsPerIdentify?: number;
  /**
   * When a string is over a byte limit (attribute value 1000 bytes, event name 100, object id... ):
   * `truncate` shortens it to the limit without splitting a character; `drop` leaves the attribute out;
   * `error` throws `OversizeError`. Person ids over 150 bytes are always an error: no change is safe.
   * @default 'truncate'
   */
  oversize?: OversizePolicy;
  /**
   * Convert ISO-8601 strings and `Date` values in traits and properties to unix seconds, as Customer.io
   * expects for dates.
   * @default true
   */
  convertTimestamps?: boolean;
  /**
   * Also send the device events ("Application Installed", "Application Opened", "Device Created or
   * Updated", "Application Uninstalled", "Device Deleted") as events, after their device operation.
   * By default they become the device operation alone, as Segment's Customer.io destination sends
   * them since its "Track Event" preset left them out (April 2026). Turn this on to keep campaigns
   * that are triggered by these events. A device event whose device cannot be named (no token, no
   * known person) is sent as an event either way, so that nothing is lost.
   * @default false
   */
  deviceEventsAlsoTracked?: boolean;
}

/** Options with every default applied. */
export type ResolvedMappingOptions = Required<MappingOptions>;

export const defaultMappingOptions: ResolvedMappingOptions = {
  maxTraitsPerIdentify: 30,
  traitOverflow: 'split',
  maxOperationsPerIdentify: 10,
  oversize: 'truncate',
  convertTimestamps: true,
  deviceEventsAlsoTracked: false,
};

/**
 * The mapping core's entry point: one Segment message in, the Customer.io operations it becomes out.
 * Pure: no I/O, no clock, no randomness; the same message and options always give the same result.
 *
 * Steps: validate the shape (zod, unless well-formed-message.ts vouches for it; context fields of
 * another type are ignored with a warning, tolerant-context.ts) -> honour
 * `integrations` -> map by type (sanitizing the user's data on the way) -> apply Customer.io's limits
 * (limits.ts). Shape problems are all reported together; when the shape is sound, every problem mapping
 * finds (identifiers, reserved event fields, byte limits on ids) is reported together too.
 */
import { ConfigError, isCustomerIoError } from '../errors.js';
import { skippedByIntegrations } from './integrations.js';
import { applyLimits, type MappedOperation } from './limits.js';
import { mapAlias } from './map-alias.js';
import type { MapContext } from './map-context.js';
import { mapGroup } from './map-group.js';
import { mapIdentify } from './map-identify.js';
import { mapPage, mapScreen } from './map-page-screen.js';
import { mapTrack } from './map-track.js';
import { InvalidMessageError, type MessageRef } from './mapping-errors.js';
import { problemsFromZod, showValue } from './message-problems.js';
import { type SegmentMessage, segmentMessageSchema } from './messages.js';
import type { MappingResult, MappingWarning } from './operations.js';
import { defaultMappingOptions, type MappingOptions, type ResolvedMappingOptions } from './options.js';
import { resolveMessageTime } from './timestamps.js';
import { tolerateContext } from './tolerant-context.js';
import { readWellFormedMessage } from './well-formed-message.js';

/**
 * Maps one Segment message to the Customer.io operations that carry it, in the order they must be sent.
 * @param message anything; it is validated before use and never changed
 * @throws InvalidMessageError listing every problem, with its path, when the message cannot be sent;
 *   TraitLimitError or OversizeError when it cannot be sent within Customer.io's limits under the
 *   policies chosen; ConfigError when an option is out of range. Nothing else: an unexpected failure is
 *   reported as an InvalidMessageError (rule `unexpected`) with the failure as its `cause`.
 */
export function mapMessage(message: unknown, options?: MappingOptions): MappingResult {
  return mapWith(message, options, resolveOptions, false);
}

/**
 * Options resolved once, for a caller that maps many messages with the same options (the
 * destination): `mapMessage(message, options)` is `mapMessageResolved(message, resolveMappingOptions(options))`.
 * @throws ConfigError when `convertTimestamps` or `deviceEventsAlsoTracked` is not a boolean
 */
export function resolveMappingOptions(options: MappingOptions | undefined): ResolvedMappingOptions {
  return resolveOptions(options);
}

/**
 * `mapMessage` with options from `resolveMappingOptions`; it throws exactly as `mapMessage` does.
 * @param borrowInput let attributes be the message's own objects instead of copies
 *   (borrowed-attributes.ts), for a caller that serialises every body before any other code runs and
 *   keeps none: what is serialised is the same either way
 */
export function mapMessageResolved(
  message: unknown,
  options: ResolvedMappingOptions,
  borrowInput = false,
): MappingResult {
  return mapWith(message, options, alreadyResolved, borrowInput);
}

const alreadyResolved = (options: ResolvedMappingOptions) => options;

/** Maps with the options `resolve` makes of `options`; resolving inside, so a ConfigError is thrown as it is. */
function mapWith<O>(
  message: unknown,
  options: O,
  resolve: (options: O) => ResolvedMappingOptions,
  borrowInput: boolean,
): MappingResult {
  let ref: MessageRef = {};
  try {
    ref = refOf(message);
    return mapValid(message, resolve(options), ref, borrowInput);
  } catch (error) {
    if (isCustomerIoError(error)) throw error;
    // Only a getter (or a proxy) that answers differently the second time can make borrowed values
    // fail to serialise; copying reads every value once, and says what it finds.
    if (borrowInput) return mapWith(message, options, resolve, false);
    const reason = error instanceof Error ? error.message : String(error);
    const wrapped = new InvalidMessageError(
      [{ path: '', rule: 'unexpected', message: `could not be mapped: ${reason}` }],
      ref,
    );
    Object.defineProperty(wrapped, 'cause', { value: error, writable: true, configurable: true });
    throw wrapped;
  }
}

function mapValid(
  input: unknown,
  options: ResolvedMappingOptions,
  ref: MessageRef,
  borrowInput: boolean,
): MappingResult {
  const ignored: MappingWarning[] = [];
  const message = readWellFormedMessage(input) ?? parseMessage(tolerateContext(input, ignored), ref);
  const skipped = skippedByIntegrations(message.integrations);
  if (skipped !== undefined) return { operations: [], warnings: [], skipped };

  // The message's time is only worth a warning for the operations that carry a time.
  const timeWarnings: MappingWarning[] = [];
  const time = resolveMessageTime(message, timeWarnings);
  const warnings = usesTime(message) ? timeWarnings : [];
  if (ignored.length > 0) warnings.unshift(...ignored);
  const context: MapContext = {
    options,
    warnings,
    problems: [],
    oversize: undefined,
    ref,
    time,
    input,
    borrowInput,
  };
  const mapped = mapByType(message, context);
  if (context.problems.length > 0) throw new InvalidMessageError(context.problems, ref);
  if (context.oversize !== undefined) throw context.oversize;

  const limited = applyLimits(mapped, options, ref);
  const allWarnings = limited.warnings.length === 0 ? warnings : warnings.concat(limited.warnings);
  return { operations: limited.operations, warnings: allWarnings };
}

/** The message as the schema reads it; the problems zod found, all together, when it cannot. */
function parseMessage(input: unknown, ref: MessageRef): SegmentMessage {
  const parsed = segmentMessageSchema.safeParse(input);
  if (!parsed.success) throw new InvalidMessageError(problemsFromZod(parsed.error, input), ref);
  return parsed.data;
}

function mapByType(message: SegmentMessage, context: MapContext): MappedOperation[] {
  switch (message.type) {
    case 'identify':
      return mapIdentify(message, context);
    case 'track':
      return mapTrack(message, context);
    case 'page':
      return mapPage(message, context);
    case 'screen':
      return mapScreen(message, context);
    case 'group':
      return mapGroup(message, context);
    case 'alias':
      return mapAlias(message, context);
  }
}

function usesTime(message: SegmentMessage): boolean {
  return message.type !== 'group' && message.type !== 'alias';
}

const booleanOptions = ['convertTimestamps', 'deviceEventsAlsoTracked'] as const;

/**
 * Options with defaults for what is not given (an option given as `undefined` takes its default).
 * The boolean options are checked here; the limit options are checked by applyLimits.
 */
function resolveOptions(options: MappingOptions | undefined): ResolvedMappingOptions {
  const resolved = { ...defaultMappingOptions };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined && Object.hasOwn(defaultMappingOptions, key)) {
      Object.defineProperty(resolved, key, { value, enumerable: true, writable: true });
    }
  }
  for (const name of booleanOptions) {
    if (typeof resolved[name] !== 'boolean')
      throw new ConfigError(name, `must be true or false, got ${showValue(resolved[name])}`);
  }
  return resolved;
}

/** The messageId to name the message by in errors, read even from a message that fails validation. */
function refOf(message: unknown): MessageRef {
  if (typeof message !== 'object' || message === null || !Object.hasOwn(message, 'messageId')) return {};
  const messageId = (message as { messageId?: unknown }).messageId;
  if (typeof messageId === 'string' && messageId !== '') return { messageId };
  if (typeof messageId === 'number' && Number.isFinite(messageId)) return { messageId: String(messageId) };
  return {};
}

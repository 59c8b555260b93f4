import { ConfigError } from '../errors.js';

/**
 * A whole-number option of 1 or more, or `fallback` when it is not given.
 * @param unit what it counts, for the message (`bytes`), when the option's name does not say
 * @throws ConfigError naming the option
 */
export function positiveInteger(
  option: string,
  value: number | undefined,
  fallback: number,
  unit?: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(
      option,
      `must be a whole number${unit === undefined ? '' : ` of ${unit}`}, 1 or more`,
    );
  }
  return value;
}

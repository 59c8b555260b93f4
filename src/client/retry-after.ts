/**
 * Strict parsing of the Retry-After header: delay-seconds (digits only) or an HTTP-date. Anything
 * else ("120junk", "-1", "1.5") is ignored rather than guessed at.
 */

const delaySeconds = /^\d+$/;
// IMF-fixdate, obsolete RFC 850 and asctime forms, as HTTP allows.
const httpDate =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** The longest delay accepted, in milliseconds; larger values are clamped so a typo cannot stall a sender for days. */
export const maxRetryAfterMs = 24 * 60 * 60 * 1000;

/**
 * Milliseconds to wait, or undefined when the header is absent or malformed. A date in the past gives 0.
 * @param now the current time in milliseconds since the epoch
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (delaySeconds.test(text)) return Math.min(Number(text) * 1000, maxRetryAfterMs);
  if (!httpDate.test(text)) return undefined;
  const at = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), maxRetryAfterMs);
}

/**
 * Track events for the delivery benchmark: deterministic, every one for a known user (so the official
 * client, which needs a customer id, can send the same ones), each with a unique messageId, and about
 * 300 to 500 bytes once mapped to a v2 operation.
 *
 * A fixed pool of distinct events is generated once; the n-th event is the pool's (n mod size)-th with
 * its own messageId and time. So a million events can be replayed without holding a million objects.
 */
import { seededRandom } from './measure.js';

export interface TrackEvent {
  type: 'track';
  userId: string;
  messageId: string;
  timestamp: string;
  event: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
}

const seed = 20_240_917;
const poolSize = 4096;
const events = ['Order Completed', 'Product Viewed', 'Product Added', 'Checkout Started', 'Video Played'];
const words = ['alpha', 'delta', 'sierra', 'oscar', 'naïve', 'crème', 'über', 'ñandú', 'кофе', 'tango'];
const start = Date.UTC(2024, 5, 1);

type Template = Omit<TrackEvent, 'messageId' | 'timestamp'>;

let pool: Template[] | undefined;

function templates(): Template[] {
  if (pool) return pool;
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const sentence = (length: number) => Array.from({ length }, () => pick(words)).join(' ');
  pool = Array.from({ length: poolSize }, () => {
    const properties: Record<string, unknown> = {
      order_id: `ord-${int(1, 9_999_999).toString(36)}`,
      price: int(100, 99_999) / 100,
      currency: pick(['EUR', 'USD', 'JPY']),
      sku: `sku-${int(1, 50_000).toString(36)}`,
      category: pick(words),
      coupon: random() < 0.3 ? `SAVE${int(5, 50)}` : null,
    };
    for (let index = int(1, 4); index > 0; index--) properties[`note_${index}`] = sentence(int(2, 6));
    if (random() < 0.4) properties.products = [{ id: `p-${int(1, 9999)}`, qty: int(1, 3) }];
    return {
      type: 'track',
      userId: `user-${int(1, 50_000).toString(36)}`,
      event: pick(events),
      properties,
      context: { locale: 'fr-FR', ip: '203.0.113.7' },
    };
  });
  return pool;
}

/**
 * The event's time as a caller's code has it: from `toISOString()`, or parsed from JSON, both flat
 * strings. A time joined from pieces (a cached prefix and the milliseconds, say) is a rope that its first
 * read has to copy into one string: few callers build times so, and here it cost about 5% of the throughput.
 */
function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The n-th event of the benchmark's stream: the same on every run, with a messageId of its own. Cheap
 * (a fraction of a microsecond), as it runs inside timed loops: an object literal, not a spread.
 */
export function trackEvent(n: number, run = 0): TrackEvent {
  const template = (pool ?? templates())[n % poolSize] as Template;
  return {
    type: 'track',
    userId: template.userId,
    messageId: `msg-${run}-${n}`,
    timestamp: isoTime(start + n * 37),
    event: template.event,
    properties: template.properties,
    context: template.context,
  };
}

/** The first `count` events of the stream, in an array. */
export function trackEvents(count: number, run = 0): TrackEvent[] {
  return Array.from({ length: count }, (_, n) => trackEvent(n, run));
}

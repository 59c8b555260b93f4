/**
 * Request bodies for the collector benchmark: `/v1/batch` bodies of 100 messages as a website sends
 * them through analytics.js (tracks, page views and identifies, each with the context the browser SDK
 * fills in), about 90 KB each. Every request needs messageIds of its own, or deduplication would take
 * all but the first as duplicates; building a 90 KB body per request in the load generator would cost
 * the machine the benchmark measures, so a body is kept in pieces around its request number and joined
 * for each request.
 */
import { seededRandom } from './measure.js';

export const messagesPerRequest = 100;

const marker = '@@request@@';

const paths = ['/', '/pricing', '/products/espresso-machine', '/cart', '/checkout', '/blog/brewing-guide'];
const events = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Coupon Applied'];
const userAgent =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** The body of every request, as pieces to join with the request's number (see `bodyOf`). */
export function bodyPieces(writeKey: string): string[] {
  const random = seededRandom(20_250_301);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const batch = Array.from({ length: messagesPerRequest }, (_, index) => {
    const user = `user-${int(1, 50_000).toString(36)}`;
    const anonymousId = `4866bb66-1561-4800-a897-${int(1e11, 9e11).toString(16).padStart(12, '0')}`;
    const path = pick(paths);
    const context = {
      library: { name: 'analytics.js', version: 'next-1.84.3' },
      locale: 'fr-FR',
      userAgent,
      userAgentData: { brands: [{ brand: 'Chromium', version: '124' }], mobile: false, platform: 'macOS' },
      page: {
        path,
        referrer: 'https://www.google.com/',
        search: random() < 0.3 ? '?utm_source=newsletter&utm_medium=email' : '',
        title: 'Espresso & Co.',
        url: `https://shop.example.com${path}`,
      },
      campaign: random() < 0.3 ? { source: 'newsletter', medium: 'email', name: 'spring' } : undefined,
      timezone: 'Europe/Paris',
      instanceId: 'b0d5b0c2-6f4b-4a57-9b5e-3c1f2f1f7a11',
    };
    const common = {
      messageId: `ajs-next-${marker}-${index}`,
      anonymousId,
      userId: user,
      timestamp: new Date(Date.UTC(2025, 2, 1, 12) + index * 997).toISOString(),
      context,
      integrations: {},
      _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
    };
    const roll = random();
    if (roll < 0.7) {
      return {
        ...common,
        type: 'track',
        event: pick(events),
        properties: {
          product_id: `sku-${int(1, 50_000).toString(36)}`,
          name: 'Espresso machine, dual boiler',
          price: int(1_000, 200_000) / 100,
          currency: 'EUR',
          quantity: int(1, 3),
          category: 'Coffee',
        },
      };
    }
    if (roll < 0.9) {
      return { ...common, type: 'page', name: 'Product', properties: { ...context.page } };
    }
    return {
      ...common,
      type: 'identify',
      traits: {
        email: `${user}@example.com`,
        first_name: 'Ada',
        plan: pick(['free', 'pro']),
        newsletter: true,
      },
    };
  });
  const text = JSON.stringify({ batch, sentAt: '2025-03-01T12:02:00.000Z', writeKey });
  return text.split(marker);
}

/** The body of request number `n`: its messageIds are its own. */
export function bodyOf(pieces: readonly string[], n: number): string {
  return pieces.join(String(n));
}

/**
 * Mapping throughput: messages per second through `mapMessage` over a realistic mix of all six types,
 * beside `JSON.stringify` of the same messages, the least any delivery of them costs.
 */
import { mapMessage } from '../src/mapping/index.js';
import { type Benchmark, measureSideBySide, seededRandom } from './measure.js';

const messageCount = 10_000;
const seed = 20_240_601;

/** The share of each kind of message, as a web and mobile product sends them. */
const mix: ReadonlyArray<[kind: Kind, weight: number]> = [
  ['track', 40],
  ['identify', 18],
  ['page', 18],
  ['screen', 10],
  ['group', 5],
  ['alias', 2],
  ['reserved', 7],
];
type Kind = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias' | 'reserved';

const events = [
  'Order Completed',
  'Product Viewed',
  'Product Added',
  'Signed Up',
  'Video Played',
  'Checkout Started',
];
const reservedEvents = [
  'Application Opened',
  'Application Installed',
  'User Deleted',
  'Report Delivery Event',
];
const cities = ['Paris', 'Berlin', 'São Paulo', '東京', 'Zürich', 'Kraków'];
const words = ['alpha', 'delta', 'sierra', 'oscar', 'naïve', 'crème', 'über', 'ñandú', '🚀', 'кофе'];

/** Deterministic messages: the same 10,000 on every run. */
export function generateMessages(count = messageCount): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const id = (prefix: string) => `${prefix}-${int(1, 50_000).toString(36)}`;
  const sentence = (length: number) => Array.from({ length }, () => pick(words)).join(' ');
  const timestamp = () => new Date(Date.UTC(2024, 0, 1) + int(0, 365 * 86_400) * 1000).toISOString();
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  const kindOf = () => {
    let point = random() * total;
    for (const [kind, weight] of mix) {
      point -= weight;
      if (point < 0) return kind;
    }
    return 'track';
  };
  const who = () => {
    const roll = random();
    if (roll < 0.25) return { anonymousId: id('anon') };
    if (roll < 0.85) return { userId: id('user'), anonymousId: id('anon') };
    return { userId: id('user') };
  };
  const properties = () => {
    const result: Record<string, unknown> = {
      price: int(100, 99_999) / 100,
      currency: pick(['EUR', 'USD', 'JPY']),
      sku: id('sku'),
      category: pick(words),
    };
    for (let index = int(0, 10); index > 0; index--) result[`prop_${index}`] = sentence(int(1, 6));
    if (random() < 0.3)
      result.products = Array.from({ length: int(1, 4) }, () => ({ id: id('p'), qty: int(1, 3) }));
    return result;
  };
  const traits = () => {
    const result: Record<string, unknown> = {
      email: `${id('user')}@example.com`,
      name: `${pick(words)} ${pick(words)}`,
      createdAt: timestamp(),
      plan: pick(['free', 'pro', 'team']),
      address: { city: pick(cities), country: pick(['FR', 'DE', 'BR', 'JP']) },
    };
    // Most identifies carry a few traits; some carry many, a few more than 30.
    for (let index = random() < 0.1 ? int(20, 45) : int(0, 8); index > 0; index--) {
      result[`trait_${index}`] = random() < 0.5 ? sentence(int(1, 4)) : int(0, 1000);
    }
    if (random() < 0.03) result.bio = sentence(300); // over 1000 bytes: truncated
    return result;
  };
  const common = () => ({
    messageId: `${id('msg')}-${int(0, 1e9)}`,
    timestamp: timestamp(),
    context: { locale: 'fr-FR' },
  });

  return Array.from({ length: count }, () => messageOf(kindOf()));

  function messageOf(kind: Kind): Record<string, unknown> {
    switch (kind) {
      case 'identify':
        return { type: 'identify', userId: id('user'), ...common(), traits: traits() };
      case 'track':
        return { type: 'track', ...who(), ...common(), event: pick(events), properties: properties() };
      case 'page':
        return {
          type: 'page',
          ...who(),
          ...common(),
          name: 'Pricing',
          properties: { url: `https://example.com/${pick(words)}`, title: sentence(3) },
        };
      case 'screen':
        return {
          type: 'screen',
          ...who(),
          ...common(),
          name: pick(['Home', 'Cart', 'Profil']),
          properties: properties(),
        };
      case 'group':
        return {
          type: 'group',
          ...who(),
          ...common(),
          groupId: id('org'),
          traits: { objectAttributes: { name: sentence(2), seats: int(1, 500) } },
        };
      case 'alias':
        return { type: 'alias', userId: id('user'), previousId: id('anon'), ...common() };
      case 'reserved': {
        const event = pick(reservedEvents);
        const context = {
          device: { token: id('token'), type: pick(['ios', 'android']) },
          app: { version: '2.4.1' },
        };
        const metric = { deliveryId: id('dlv'), metric: pick(['opened', 'clicked', 'delivered']) };
        return {
          type: 'track',
          userId: id('user'),
          ...common(),
          event,
          context,
          properties: event === 'Report Delivery Event' ? metric : {},
        };
      }
    }
  }
}

export const mappingBenchmark: Benchmark = {
  name: 'mapping',
  description:
    'mapMessage over a realistic mix of Segment messages, beside JSON.stringify of the same messages',
  run(settings) {
    const messages = generateMessages();
    let operations = 0;
    let warnings = 0;
    for (const message of messages) {
      const result = mapMessage(message);
      operations += result.operations.length;
      warnings += result.warnings.length;
    }
    const counts = new Map<string, number>();
    for (const message of messages) {
      const type =
        message.type === 'track' && reservedEvents.includes(message.event as string)
          ? 'track (reserved)'
          : String(message.type);
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }

    const measurements = measureSideBySide(
      [
        {
          name: 'mapMessage',
          items: messages.length,
          run: () => messages.map((message) => mapMessage(message)),
        },
        {
          name: 'JSON.stringify (baseline)',
          items: messages.length,
          run: () => messages.map((message) => JSON.stringify(message)),
        },
      ],
      settings,
    );
    const [mapping, baseline] = measurements;
    const ratio = mapping && baseline ? baseline.perSecond / mapping.perSecond : Number.NaN;
    return {
      notes: [
        `${messages.length.toLocaleString('en-US')} messages (seed ${seed}): ${[...counts].map(([type, count]) => `${type} ${count}`).join(', ')}`,
        `they map to ${operations.toLocaleString('en-US')} operations and ${warnings.toLocaleString('en-US')} warnings`,
      ],
      measurements,
      summary: [
        `ratio: mapMessage takes ${ratio.toFixed(1)}x the time of JSON.stringify on the same messages`,
      ],
    };
  },
};

/**
 * One customer's messages, in the order their analytics libraries would send them: anonymous visits,
 * sign-up, their company, shopping, the mobile app, email activity, a plan change.
 */
import {
  type Company,
  cities,
  companies,
  firstNames,
  lastNames,
  type Product,
  plans,
  products,
  referrers,
  screens,
  searches,
  site,
  userAgents,
  webPages,
} from './demo-catalog.js';
import type { Dice } from './demo-dice.js';

export type Fields = Record<string, unknown>;

/** Known once the message has its place in the stream. */
export interface Stamp {
  messageId: string;
  timestamp: string;
}

/** A message to come: a Segment message, or a raw line written as it is. */
export type Step = (stamp: Stamp) => Fields | string;

export interface Person {
  userId: string;
  anonymousId: string;
  firstName: string;
  lastName: string;
  email: string;
  plan: string;
  company: Company;
  platform: 'ios' | 'android' | undefined;
  deviceToken: string;
  webContext: Fields;
}

export function uuid(d: Dice): string {
  return `${d.hex(8)}-${d.hex(4)}-4${d.hex(3)}-a${d.hex(3)}-${d.hex(12)}`;
}

export function makePerson(d: Dice, index: number): Person {
  const firstName = d.pick(firstNames);
  const lastName = d.pick(lastNames);
  const number = String(index + 1).padStart(4, '0');
  return {
    userId: `user-${number}`,
    anonymousId: uuid(d),
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${number}@example.com`.toLowerCase(),
    plan: d.pick(plans),
    company: d.pick(companies),
    platform: d.chance(0.45) ? d.pick(['ios', 'android'] as const) : undefined,
    deviceToken: d.hex(64),
    webContext: {
      ip: `203.0.113.${d.int(1, 254)}`,
      userAgent: d.pick(userAgents),
      locale: d.pick(['en-US', 'en-GB', 'de-DE', 'pt-PT', 'ja-JP']),
      library: { name: 'analytics.js', version: '2.11.0' },
    },
  };
}

export function journey(d: Dice, person: Person): Step[] {
  const steps: Step[] = [];
  for (let visit = d.int(1, 3); visit > 0; visit -= 1) steps.push(pageView(d, person, false));
  steps.push(signUp(d, person), joinCompany(d, person));
  for (let session = d.int(1, 3); session > 0; session -= 1) steps.push(...shopping(d, person));
  for (let visit = d.int(1, 3); visit > 0; visit -= 1) steps.push(pageView(d, person, true));
  if (person.platform) steps.push(...mobile(d, person));
  if (d.chance(0.5)) steps.push(...email(d, person));
  if (d.chance(0.3)) {
    const plan = d.pick(plans);
    steps.push((s) => ({
      type: 'identify',
      ...s,
      userId: person.userId,
      traits: { plan, planChangedAt: s.timestamp },
    }));
    steps.push(track(person, 'Plan Changed', { from: person.plan, to: plan }));
  }
  return steps;
}

/** A track about a known person, from the web site. */
export function track(person: Person, event: string, properties: Fields, context?: Fields): Step {
  return (s) => ({
    type: 'track',
    ...s,
    userId: person.userId,
    event,
    properties,
    context: context ?? person.webContext,
  });
}

function pageView(d: Dice, person: Person, known: boolean): Step {
  const page = d.pick(webPages);
  const url = `${site}${page.path}`;
  const referrer = d.pick(referrers);
  return (s) => ({
    type: 'page',
    ...s,
    ...(known ? { userId: person.userId } : { anonymousId: person.anonymousId }),
    name: page.title,
    properties: { url, path: page.path, title: page.title, referrer },
    context: { ...person.webContext, page: { url, path: page.path, title: page.title, referrer } },
  });
}

function signUp(d: Dice, person: Person): Step {
  const place = d.pick(cities);
  const createdAt = `2025-0${d.int(1, 2)}-${String(d.int(10, 28))}T${String(d.int(10, 23))}:15:00.000Z`;
  return (s) => ({
    type: 'identify',
    ...s,
    userId: person.userId,
    anonymousId: person.anonymousId,
    traits: {
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      plan: person.plan,
      createdAt,
      company: { id: person.company.id, name: person.company.name },
      address: place,
      newsletter: d.chance(0.6),
    },
    context: person.webContext,
  });
}

function joinCompany(d: Dice, person: Person): Step {
  const { company } = person;
  const role = d.pick(['admin', 'member', 'billing', 'viewer']);
  return (s) => ({
    type: 'group',
    ...s,
    userId: person.userId,
    groupId: company.id,
    traits: {
      objectTypeId: company.objectTypeId,
      objectAttributes: { name: company.name, industry: company.industry, employees: company.employees },
      relationshipAttributes: { role },
    },
  });
}

function shopping(d: Dice, person: Person): Step[] {
  const steps: Step[] = [];
  if (d.chance(0.5)) steps.push(track(person, 'Products Searched', { query: d.pick(searches) }));
  const cart: (Product & { quantity: number })[] = [];
  for (let viewed = d.int(1, 3); viewed > 0; viewed -= 1) {
    const product = d.pick(products);
    steps.push(track(person, 'Product Viewed', { ...product, currency: 'EUR' }));
    if (d.chance(0.6)) {
      const quantity = d.int(1, 3);
      cart.push({ ...product, quantity });
      steps.push(track(person, 'Product Added', { ...product, quantity, currency: 'EUR' }));
    }
  }
  if (cart.length === 0) return steps;
  const orderId = `o-${d.hex(10)}`;
  const total = Math.round(cart.reduce((sum, item) => sum + item.price * item.quantity, 0) * 100) / 100;
  const order = { order_id: orderId, total, revenue: total, currency: 'EUR', products: cart };
  steps.push(track(person, 'Cart Viewed', { cart_id: `c-${d.hex(8)}`, products: cart }));
  steps.push(track(person, 'Checkout Started', order));
  if (d.chance(0.7)) {
    const coupon = d.chance(0.25) ? 'SPRING10' : undefined;
    steps.push(
      track(person, 'Order Completed', {
        ...order,
        shipping: 4.9,
        tax: Math.round(total * 19) / 100,
        coupon,
      }),
    );
    if (d.chance(0.1))
      steps.push(track(person, 'Order Refunded', { order_id: orderId, total, currency: 'EUR' }));
  }
  return steps;
}

function mobile(d: Dice, person: Person): Step[] {
  const ios = person.platform === 'ios';
  const context = {
    app: { name: 'Shop', version: '5.2.1', build: '5210' },
    device: {
      id: uuid(d),
      manufacturer: ios ? 'Apple' : 'Google',
      model: ios ? 'iPhone15,2' : 'Pixel 8',
      type: person.platform,
      token: person.deviceToken,
    },
    os: { name: ios ? 'iOS' : 'Android', version: ios ? '17.4.1' : '14' },
    library: { name: ios ? 'analytics-ios' : 'analytics-android', version: '4.1.8' },
  };
  const steps: Step[] = [
    track(person, 'Application Installed', { version: '5.2.1', build: '5210' }, context),
    track(person, 'Application Opened', { from_background: false, version: '5.2.1' }, context),
  ];
  for (let seen = d.int(2, 5); seen > 0; seen -= 1) {
    const name = d.pick(screens);
    steps.push((s) => ({ type: 'screen', ...s, userId: person.userId, name, properties: { name }, context }));
  }
  if (d.chance(0.3)) steps.push(track(person, 'Device Created or Updated', { push_enabled: true }, context));
  if (d.chance(0.15)) steps.push(track(person, 'Application Uninstalled', {}, context));
  return steps;
}

function email(d: Dice, person: Person): Step[] {
  const deliveryId = `dlv_${d.hex(16)}`;
  const campaign = {
    campaign_name: d.pick(['Spring sale', 'Welcome series', 'Cart reminder']),
    email_id: deliveryId,
  };
  const steps: Step[] = [
    track(person, 'Email Opened', campaign, {}),
    track(person, 'Report Delivery Event', { deliveryId, metric: 'opened', recipient: person.email }, {}),
  ];
  if (d.chance(0.5)) {
    const href = `${site}/shop/kitchen?utm_source=email`;
    steps.push(track(person, 'Email Link Clicked', { ...campaign, link_url: href }, {}));
    steps.push(track(person, 'Report Delivery Event', { deliveryId, metric: 'clicked', href }, {}));
  }
  return steps;
}

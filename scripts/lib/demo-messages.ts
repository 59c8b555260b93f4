/**
 * The demo's sample: about a thousand Segment messages of every kind, as a stream of interleaved
 * customers, plus the lines a real export also holds: invalid ones, oversized ones, messages meant
 * for other destinations, blank lines. Deterministic: the same seed gives the same file.
 */
import { dice } from './demo-dice.js';
import {
  type Fields,
  journey,
  makePerson,
  type Person,
  type Stamp,
  type Step,
  track,
} from './demo-journeys.js';

export const demoSeed = 20_250_303;
/** Customers are added until the stream holds at least this many messages. */
const targetMessages = 960;
const start = Date.parse('2025-03-03T08:00:00.000Z');

/** The sample, one NDJSON line each, without the final newline. */
export function demoMessageLines(): string[] {
  const d = dice(demoSeed);
  const people: Person[] = [];
  const queues: Step[][] = [];
  let count = 0;
  while (count < targetMessages) {
    const person = makePerson(d, people.length);
    const steps = journey(d, person);
    people.push(person);
    queues.push(steps);
    count += steps.length;
  }
  addStories(people, queues);

  // Customers act at the same time: take the next message of a random customer each time.
  const stream: Step[] = [];
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0);
    stream.push(d.pick(open).shift() as Step);
  }
  stream.push(...endings(people));
  for (const extra of extras(people)) stream.splice(d.int(1, stream.length - 1), 0, extra);

  let time = start;
  return stream.map((step, index) => {
    time += d.int(1, 90) * 1000 + d.int(0, 999);
    const stamp: Stamp = {
      messageId: `demo-${String(index + 1).padStart(4, '0')}`,
      timestamp: new Date(time).toISOString(),
    };
    const message = step(stamp);
    return typeof message === 'string' ? message : JSON.stringify(message);
  });
}

/** Merges, suppression: stories that run through a few customers' own messages. */
function addStories(people: readonly Person[], queues: Step[][]): void {
  for (const index of [2, 7, 11]) {
    const person = people[index] as Person;
    const legacyId = `legacy-${person.userId.slice(5)}`;
    // A record from an older system, later merged into the customer: alias makes one person of both.
    (queues[index] as Step[]).unshift((s) => ({
      type: 'identify',
      ...s,
      userId: legacyId,
      traits: { loyaltyTier: 'gold', importedFrom: 'legacy-crm' },
    }));
    (queues[index] as Step[]).push((s) => ({
      type: 'alias',
      ...s,
      userId: person.userId,
      previousId: legacyId,
    }));
  }
  for (const index of [4, 9]) {
    const person = people[index] as Person;
    (queues[index] as Step[]).push(
      track(person, 'User Suppressed', {}),
      track(person, 'User Unsuppressed', {}),
    );
  }
}

/** What happens once everything else has: a customer leaves, a team is wound up. */
function endings(people: readonly Person[]): Step[] {
  const leaving = people[5] as Person;
  const member = people.find((person) => person.company.id === 'team-north');
  const steps: Step[] = [
    track(leaving, 'User Deleted', { reason: 'account closed' }),
    track(leaving, 'Object Deleted', { objectId: 'team-south', objectTypeId: '2' }),
  ];
  if (member) {
    steps.push(track(member, 'Relationship Deleted', { objectId: 'team-north', objectTypeId: '2' }));
  }
  return steps;
}

/** Lines that are not ordinary: each shows the destination handling one kind of trouble. */
function extras(people: readonly Person[]): Step[] {
  const someone = people[0] as Person;
  const other = people[1] as Person;
  const event =
    (fields: Fields): Step =>
    (s) => ({ type: 'track', ...s, userId: someone.userId, ...fields });
  const bigString = (bytes: number) =>
    'lorem ipsum dolor sit amet '.repeat(Math.ceil(bytes / 27)).slice(0, bytes);
  return [
    // Invalid: each is reported with its line and kept in the failed file; the rest go on.
    event({ event: undefined, properties: { note: 'a track without its event name' } }),
    (s) => ({ type: 'identify', ...s, traits: { plan: 'pro', note: 'an identify naming nobody' } }),
    (s) => ({ type: 'group', ...s, userId: other.userId, traits: { objectAttributes: { name: 'No id' } } }),
    (s) => `{"type":"track","messageId":"${s.messageId}","userId":"${someone.userId}","event":"Order Comp`,
    event({ event: 'Report Delivery Event', properties: { deliveryId: 'dlv_bad', metric: 'read' } }),
    (s) => ({ type: 'purchase', ...s, userId: someone.userId, properties: { total: 10 } }),
    event({ event: 'Order Completed', properties: ['not', 'an', 'object'] }),
    (s) => ({ type: 'identify', ...s, userId: 'cio_', traits: { plan: 'pro' } }),
    // Oversized: 120 KB of event data is more than Customer.io takes in any form.
    event({ event: 'Document Exported', properties: { content: bigString(120_000) } }),
    // Deliverable with a warning: cut to fit, split, or a value that cannot be sent left out.
    (s) => ({ type: 'identify', ...s, userId: other.userId, traits: { bio: bigString(4_000) } }),
    (s) => ({ type: 'identify', ...s, userId: other.userId, traits: manyTraits(45) }),
    event({ event: 'Report Generated', properties: { rows: bigString(40_000) } }),
    (s) => ({ type: 'identify', ...s, userId: other.userId, traits: { createdAt: 'last Tuesday' } }),
    event({
      event: 'Application Opened',
      properties: {},
      context: { device: { type: 'web', token: 'not-a-push-token' } },
    }),
    event({ event: `Checklist Completed: ${'every onboarding step, '.repeat(6)}`, properties: {} }),
    // For other destinations only: skipped, not sent.
    event({
      event: 'Ad Clicked',
      integrations: { 'Customer.io': false },
      properties: { campaign: 'retargeting' },
    }),
    event({ event: 'Ad Viewed', integrations: { All: false, Mixpanel: true }, properties: {} }),
    (s) => ({
      type: 'page',
      ...s,
      userId: other.userId,
      name: 'Internal',
      integrations: { 'Customer.io': false },
    }),
    // No messageId: still delivered, with a dedupe id derived from the content.
    (s) => ({
      type: 'track',
      timestamp: s.timestamp,
      userId: other.userId,
      event: 'Feedback Sent',
      properties: { score: 9 },
    }),
    // Blank lines are skipped without a word.
    () => '',
    () => '   ',
  ];
}

function manyTraits(count: number): Fields {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`preference_${index + 1}`, index % 2 === 0]),
  );
}

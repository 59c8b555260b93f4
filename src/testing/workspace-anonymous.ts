/** Activity recorded under an anonymous id, waiting for the person who will take that id. */
import type { StoredEvent } from './workspace-model.js';
import type { PersonDirectory, PersonRecord } from './workspace-people.js';

/**
 * Customer.io also joins anonymous activity received up to five minutes after the identify that set
 * the anonymous id; later activity stays anonymous until another identify sets the id again.
 */
export const lateActivitySeconds = 5 * 60;

/** Customer.io keeps anonymous events for 30 days; older ones are deleted and never merge. */
export const anonymousRetentionSeconds = 30 * 24 * 60 * 60;

interface Claim {
  person: PersonRecord;
  /** When the identify that set the anonymous id was received, unix seconds. */
  at: number;
}

export class AnonymousActivity {
  /** Per anonymous id, with a sequence number so listing them all keeps arrival order. */
  private readonly events = new Map<string, { sequence: number; event: StoredEvent }[]>();
  private sequence = 0;
  private readonly claims = new Map<string, Claim>();

  /** @param now the clock retention is measured by; without one, anonymous events never expire */
  constructor(private readonly now: (() => number) | undefined) {}

  store(anonymousId: string, event: StoredEvent): void {
    this.sequence += 1;
    let stored = this.events.get(anonymousId);
    if (!stored) {
      stored = [];
      this.events.set(anonymousId, stored);
    }
    stored.push({ sequence: this.sequence, event });
  }

  /** Removes the events recorded under the anonymous id and returns those still retained. */
  take(anonymousId: string): StoredEvent[] {
    const stored = this.events.get(anonymousId) ?? [];
    this.events.delete(anonymousId);
    return stored.map(({ event }) => event).filter((event) => this.retains(event));
  }

  list(anonymousId?: string): StoredEvent[] {
    const stored =
      anonymousId === undefined
        ? [...this.events.values()].flat().sort((a, b) => a.sequence - b.sequence)
        : (this.events.get(anonymousId) ?? []);
    return stored.map(({ event }) => event).filter((event) => this.retains(event));
  }

  /** Records that `person` took the anonymous id through an identify received at `at`. */
  claim(anonymousId: string, person: PersonRecord, at: number): void {
    this.claims.set(anonymousId, { person, at });
    person.anonymousIds.add(anonymousId);
  }

  /** The person whose identify took the anonymous id recently enough for activity received at `receivedAt` to join them. */
  recentClaimant(anonymousId: string, receivedAt: number, people: PersonDirectory): PersonRecord | undefined {
    const claim = this.claims.get(anonymousId);
    if (!claim || !people.holds(claim.person) || receivedAt - claim.at > lateActivitySeconds)
      return undefined;
    return claim.person;
  }

  /** After a merge, anonymous ids the secondary took belong to the primary. */
  transferClaims(from: PersonRecord, to: PersonRecord): void {
    for (const anonymousId of from.anonymousIds) {
      const claim = this.claims.get(anonymousId);
      if (claim?.person === from) claim.person = to;
      to.anonymousIds.add(anonymousId);
    }
  }

  clear(): void {
    this.events.clear();
    this.claims.clear();
    this.sequence = 0;
  }

  private retains(event: StoredEvent): boolean {
    return this.now === undefined || event.timestamp >= this.now() - anonymousRetentionSeconds;
  }
}

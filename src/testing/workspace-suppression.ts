/** Suppressed identifiers: they cannot come back into the workspace until unsuppressed. */
import type { PersonRef } from './workspace-model.js';
import { type Identifier, identifierKey, refOf } from './workspace-people.js';

/**
 * The identifiers one suppress request covered. Customer.io suppresses a person's id and email
 * together, and unsuppressing either lifts both.
 */
interface Suppression {
  identifiers: Identifier[];
}

export class SuppressionList {
  private readonly byKey = new Map<string, Suppression>();
  /** Insertion order is suppression order, which `suppressedPeople()` promises. */
  private readonly active = new Set<Suppression>();

  has(identifier: Identifier): boolean {
    return this.byKey.has(identifierKey(identifier));
  }

  /** Suppresses the identifiers together; those already suppressed stay with their own request. */
  add(identifiers: readonly Identifier[]): void {
    const fresh = identifiers.filter((identifier) => !this.has(identifier));
    if (fresh.length === 0) return;
    const suppression: Suppression = { identifiers: fresh };
    this.active.add(suppression);
    for (const identifier of fresh) this.byKey.set(identifierKey(identifier), suppression);
  }

  /** Lifts the suppression covering `identifier`, with every identifier suppressed along with it. */
  lift(identifier: Identifier): void {
    const suppression = this.byKey.get(identifierKey(identifier));
    if (!suppression) return;
    this.active.delete(suppression);
    for (const each of suppression.identifiers) this.byKey.delete(identifierKey(each));
  }

  /** The suppressed ids and emails. A cio_id is suppressed too, but it names no one who could return. */
  list(): PersonRef[] {
    return [...this.active]
      .flatMap((suppression) => suppression.identifiers)
      .filter((identifier) => identifier.kind !== 'cio_id')
      .map(refOf);
  }

  clear(): void {
    this.byKey.clear();
    this.active.clear();
  }
}

/**
 * Manual segments: people added and removed by request, each named by the kind of identifier the
 * request says. Membership belongs to the person, so it ends when they are deleted or merged away.
 */
import type { SegmentMember, StoredSegment } from './workspace-model.js';
import type { PersonDirectory, PersonRecord } from './workspace-people.js';

export type SegmentIdType = 'id' | 'email' | 'cio_id';

export class ManualSegments {
  /** By segment id, in the order segments were first named; members in the order they were added. */
  private readonly members = new Map<number, Set<PersonRecord>>();

  /**
   * Adds (or removes) the people the values name; a value that names nobody is ignored, as Customer.io
   * ignores values that are not of the request's `id_type`. A segment a request names becomes known,
   * even when no one in it changed.
   */
  change(
    people: PersonDirectory,
    segmentId: number,
    change: 'add' | 'remove',
    idType: SegmentIdType,
    ids: readonly string[],
  ): void {
    let members = this.members.get(segmentId);
    if (!members) {
      members = new Set();
      this.members.set(segmentId, members);
    }
    for (const value of ids) {
      const person = people.findBy({ kind: idType, value });
      if (!person) continue;
      if (change === 'add') members.add(person);
      else members.delete(person);
    }
  }

  list(people: PersonDirectory): StoredSegment[] {
    return [...this.members.keys()].map((segmentId) => this.stored(people, segmentId));
  }

  find(people: PersonDirectory, segmentId: number): StoredSegment | undefined {
    return this.members.has(segmentId) ? this.stored(people, segmentId) : undefined;
  }

  clear(): void {
    this.members.clear();
  }

  /** The segment as queries return it: only members who still exist, with their identifiers of now. */
  private stored(people: PersonDirectory, segmentId: number): StoredSegment {
    const members: SegmentMember[] = [];
    for (const person of this.members.get(segmentId) ?? []) {
      if (!people.holds(person)) continue;
      members.push({
        cioId: person.cioId,
        ...(person.id === undefined ? {} : { id: person.id }),
        ...(person.email === undefined ? {} : { email: person.email }),
      });
    }
    return { segmentId, members };
  }
}

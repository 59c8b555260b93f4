/** Objects (companies, accounts, courses...) and their relationships to people. */
import type { components } from '../../generated/track-api.js';
import { adoptMissingAttributes, attributesRecord, mergeAttributes } from './workspace-attributes.js';
import type { ObjectRef, StoredObject, StoredRelationship } from './workspace-model.js';

/** The person side of a relationship: someone who exists, or an anonymous id not yet identified. */
export type RelationshipParty = StoredRelationship['person'];

interface ObjectRecord extends ObjectRef {
  attributes: Map<string, unknown>;
}

interface RelationshipRecord {
  object: ObjectRef;
  party: RelationshipParty;
  attributes: Map<string, unknown>;
}

/**
 * The object the identifiers name, or undefined for `cio_object_id`: only Customer.io knows which
 * object that is (the library never sends one), so operations naming an object that way are ignored.
 */
export function objectRefOf(identifiers: components['schemas']['ObjectIdentifiers']): ObjectRef | undefined {
  if (identifiers.object_type_id === undefined || identifiers.object_id === undefined) return undefined;
  return { objectTypeId: identifiers.object_type_id, objectId: identifiers.object_id };
}

const objectKey = (ref: ObjectRef): string => JSON.stringify([ref.objectTypeId, ref.objectId]);
const partyKey = (party: RelationshipParty): string =>
  isPerson(party) ? `person:${party.cioId}` : `anonymous:${party.anonymousId}`;

/** By own keys, so an inherited `cioId` (a polluted Object.prototype) does not make a person. */
const isPerson = (party: RelationshipParty): party is { cioId: string } => Object.hasOwn(party, 'cioId');

export class ObjectGraph {
  private readonly objects = new Map<string, ObjectRecord>();
  /** Insertion order is the order relationships were made (or last moved). */
  private readonly relationships = new Map<string, RelationshipRecord>();
  private readonly keysByObject = new Map<string, Set<string>>();
  private readonly keysByParty = new Map<string, Set<string>>();

  /** Creates the object if needed and merges the attributes into it. */
  upsertObject(ref: ObjectRef, attributes?: Readonly<Record<string, unknown>>): void {
    const key = objectKey(ref);
    let object = this.objects.get(key);
    if (!object) {
      object = { objectTypeId: ref.objectTypeId, objectId: ref.objectId, attributes: new Map() };
      this.objects.set(key, object);
    }
    mergeAttributes(object.attributes, attributes);
  }

  hasObject(ref: ObjectRef): boolean {
    return this.objects.has(objectKey(ref));
  }

  /** Removes the object and every relationship to it. */
  deleteObject(ref: ObjectRef): void {
    const key = objectKey(ref);
    this.objects.delete(key);
    for (const relationshipKey of [...(this.keysByObject.get(key) ?? [])]) this.forget(relationshipKey);
  }

  /** Relates the party to an object that exists; relating again merges the relationship's attributes. */
  relate(ref: ObjectRef, party: RelationshipParty, attributes?: Readonly<Record<string, unknown>>): void {
    const object = this.objects.get(objectKey(ref));
    if (!object) return;
    const key = this.remember(object, party);
    const relationship = this.relationships.get(key);
    if (relationship) mergeAttributes(relationship.attributes, attributes);
  }

  unrelate(ref: ObjectRef, party: RelationshipParty): void {
    this.forget(relationshipKey(objectKey(ref), partyKey(party)));
  }

  /** Removes every relationship of a party that no longer exists. */
  removeParty(party: RelationshipParty): void {
    for (const key of [...(this.keysByParty.get(partyKey(party)) ?? [])]) this.forget(key);
  }

  /**
   * Hands every relationship of `from` to `to`. Where `to` is already related to the same object,
   * its relationship keeps its attributes and takes only those it lacks, as a person merge does.
   */
  moveParty(from: RelationshipParty, to: RelationshipParty): void {
    for (const key of [...(this.keysByParty.get(partyKey(from)) ?? [])]) {
      const moving = this.relationships.get(key);
      const object = moving && this.objects.get(objectKey(moving.object));
      this.forget(key);
      if (!moving || !object) continue;
      const target = this.relationships.get(this.remember(object, to));
      if (target) adoptMissingAttributes(target.attributes, moving.attributes);
    }
  }

  listObjects(): StoredObject[] {
    return [...this.objects.values()].map((object) => ({
      objectTypeId: object.objectTypeId,
      objectId: object.objectId,
      attributes: attributesRecord(object.attributes),
    }));
  }

  findObject(ref: ObjectRef): StoredObject | undefined {
    const object = this.objects.get(objectKey(ref));
    if (!object) return undefined;
    return {
      objectTypeId: object.objectTypeId,
      objectId: object.objectId,
      attributes: attributesRecord(object.attributes),
    };
  }

  listRelationships(): StoredRelationship[] {
    return [...this.relationships.values()].map((relationship) => ({
      object: { ...relationship.object },
      person: { ...relationship.party },
      attributes: attributesRecord(relationship.attributes),
    }));
  }

  clear(): void {
    this.objects.clear();
    this.relationships.clear();
    this.keysByObject.clear();
    this.keysByParty.clear();
  }

  /** The relationship's key, creating the relationship (without attributes) if it is new. */
  private remember(object: ObjectRecord, party: RelationshipParty): string {
    const ofObject = objectKey(object);
    const ofParty = partyKey(party);
    const key = relationshipKey(ofObject, ofParty);
    if (this.relationships.has(key)) return key;
    this.relationships.set(key, {
      object: { objectTypeId: object.objectTypeId, objectId: object.objectId },
      party: { ...party },
      attributes: new Map(),
    });
    indexUnder(this.keysByObject, ofObject, key);
    indexUnder(this.keysByParty, ofParty, key);
    return key;
  }

  private forget(key: string): void {
    const relationship = this.relationships.get(key);
    if (!relationship) return;
    this.relationships.delete(key);
    unindex(this.keysByObject, objectKey(relationship.object), key);
    unindex(this.keysByParty, partyKey(relationship.party), key);
  }
}

function relationshipKey(ofObject: string, ofParty: string): string {
  return `${ofObject}\n${ofParty}`;
}

function indexUnder(index: Map<string, Set<string>>, key: string, value: string): void {
  let values = index.get(key);
  if (!values) {
    values = new Set();
    index.set(key, values);
  }
  values.add(value);
}

function unindex(index: Map<string, Set<string>>, key: string, value: string): void {
  const values = index.get(key);
  values?.delete(value);
  if (values?.size === 0) index.delete(key);
}

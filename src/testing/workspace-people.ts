/** Who the workspace knows: people, and how an id, an email or a cio_id finds one of them. */
import { attributesRecord, TimedAttributes } from './workspace-attributes.js';
import type { PersonRef, StoredDevice, StoredEvent, StoredPerson } from './workspace-model.js';

export interface PersonRecord {
  readonly cioId: string;
  id?: string;
  email?: string;
  readonly attributes: TimedAttributes;
  readonly events: StoredEvent[];
  /** By token, in the order the devices were first added. */
  readonly devices: Map<string, StoredDevice>;
  /** Anonymous ids this person took through identify: later anonymous activity may still join them. */
  readonly anonymousIds: Set<string>;
}

export type IdentifierKind = 'id' | 'email' | 'cio_id';

/** A person identifier taken apart, so code can branch on its kind without re-testing the union. */
export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

/** By own fields only: a ref from a test is a plain object, and Object.prototype may carry an `id`. */
export function identifierOf(ref: PersonRef): Identifier {
  const own = (name: keyof PersonRef) => (Object.hasOwn(ref, name) ? ref[name] : undefined);
  const id = own('id');
  if (typeof id === 'string') return { kind: 'id', value: id };
  const email = own('email');
  if (typeof email === 'string') return { kind: 'email', value: email };
  return { kind: 'cio_id', value: String(own('cio_id')) };
}

export function refOf(identifier: Identifier): PersonRef {
  if (identifier.kind === 'id') return { id: identifier.value };
  if (identifier.kind === 'email') return { email: identifier.value };
  return { cio_id: identifier.value };
}

/** Emails are case-insensitive identifiers in Customer.io; ids and cio_ids are case-sensitive. */
export function identifierKey({ kind, value }: Identifier): string {
  return `${kind}:${kind === 'email' ? value.toLowerCase() : value}`;
}

export class PersonDirectory {
  /** Insertion order is creation order, which `people()` promises. */
  private readonly byCioId = new Map<string, PersonRecord>();
  private readonly byId = new Map<string, PersonRecord>();
  private readonly byEmail = new Map<string, PersonRecord>();
  private issuedCioIds = 0;

  find(ref: PersonRef): PersonRecord | undefined {
    return this.findBy(identifierOf(ref));
  }

  findBy({ kind, value }: Identifier): PersonRecord | undefined {
    if (kind === 'id') return this.byId.get(value);
    if (kind === 'email') return this.byEmail.get(value.toLowerCase());
    return this.byCioId.get(value);
  }

  /** A new person holding `identifier`, which the caller has checked no one holds. */
  create(identifier: Identifier, time: number): PersonRecord {
    this.issuedCioIds += 1;
    const person: PersonRecord = {
      // Deterministic, so tests can name a person by cio_id; shaped like Customer.io's.
      cioId: String(300_000_000 + this.issuedCioIds).padStart(10, '0'),
      // Own fields even while unset, so reading them never reaches Object.prototype.
      id: undefined,
      email: undefined,
      attributes: new TimedAttributes(),
      events: [],
      devices: new Map(),
      anonymousIds: new Set(),
    };
    this.byCioId.set(person.cioId, person);
    if (identifier.kind === 'id') this.setId(person, identifier.value);
    if (identifier.kind === 'email') this.setEmail(person, identifier.value, time);
    return person;
  }

  /** Gives `person` the id (or none); the caller has checked no one else holds it. */
  setId(person: PersonRecord, id: string | undefined): void {
    if (person.id !== undefined) this.byId.delete(person.id);
    person.id = id;
    if (id !== undefined) this.byId.set(id, person);
  }

  /**
   * Gives `person` the email (or none) as of `time`; the caller has checked no one else holds it.
   * The email is an identifier and an attribute at once, so both change together.
   */
  setEmail(person: PersonRecord, email: string | undefined, time: number): void {
    this.indexEmail(person, email);
    person.attributes.write('email', email ?? null, time);
  }

  /** Gives `person` the email as an identifier only: their `email` attribute already holds it. */
  indexEmail(person: PersonRecord, email: string | undefined): void {
    if (person.email !== undefined) this.byEmail.delete(person.email.toLowerCase());
    person.email = email;
    if (email !== undefined) this.byEmail.set(email.toLowerCase(), person);
  }

  /** Whether `person` still exists (was neither deleted nor merged away). */
  holds(person: PersonRecord): boolean {
    return this.byCioId.get(person.cioId) === person;
  }

  remove(person: PersonRecord): void {
    if (!this.holds(person)) return;
    this.byCioId.delete(person.cioId);
    if (person.id !== undefined) this.byId.delete(person.id);
    if (person.email !== undefined) this.byEmail.delete(person.email.toLowerCase());
  }

  all(): IterableIterator<PersonRecord> {
    return this.byCioId.values();
  }

  clear(): void {
    this.byCioId.clear();
    this.byId.clear();
    this.byEmail.clear();
    this.issuedCioIds = 0;
  }
}

/** A detached copy of the person, as queries return it. */
export function storedPerson(person: PersonRecord): StoredPerson {
  return {
    cioId: person.cioId,
    ...(person.id === undefined ? {} : { id: person.id }),
    ...(person.email === undefined ? {} : { email: person.email }),
    attributes: attributesRecord(person.attributes.values),
    // Suppression deletes the person, so anyone who still exists is not suppressed.
    suppressed: false,
    events: structuredClone(person.events),
    devices: structuredClone([...person.devices.values()]),
  };
}

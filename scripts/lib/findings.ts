/**
 * conflict: something our spec lets us send that the vendor document rejects.
 * deviation: a conflict excused by an entry in the deviations file.
 * note: a difference that cannot make the vendor reject what we send (or that could not be decided).
 */
export type Severity = 'conflict' | 'deviation' | 'note';

export interface Finding {
  severity: Severity;
  /** Stable identifier of the kind of difference, e.g. `type-wider`; deviations name it. */
  rule: string;
  /** Where the difference is, e.g. `requestBody.batch[]{type=person,action=identify}.identifiers`. */
  location: string;
  message: string;
  /** The documented reason, for deviations only. */
  reason?: string;
}

export function conflict(rule: string, location: string, message: string): Finding {
  return { severity: 'conflict', rule, location, message };
}

export function note(rule: string, location: string, message: string): Finding {
  return { severity: 'note', rule, location, message };
}

export function hasConflict(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'conflict');
}

/** Location of a named member; names that would make the path ambiguous are quoted. */
export function childLocation(at: string, name: string): string {
  return /^[A-Za-z0-9_$@*-]+$/.test(name) ? `${at}.${name}` : `${at}[${JSON.stringify(name)}]`;
}

/** What the emulator's workspace holds, as counts and a few examples, for people to read. */
import type { StoredEvent, StoredPerson, WorkspaceView } from '../testing/workspace-model.js';
import { plural } from './summary.js';

/** How many examples of each kind are shown. */
const examples = 3;

export function formatWorkspace(workspace: WorkspaceView): string {
  const people = workspace.people();
  const personEvents = people.flatMap((person) => person.events);
  const anonymous = workspace.anonymousEvents();
  const devices = people.flatMap((person) => person.devices);
  const objects = workspace.objects();
  const relationships = workspace.relationships();
  const metrics = workspace.metrics();

  const rows: [string, string][] = [
    ['people', `${people.length}`],
    ['events', `${personEvents.length + anonymous.length} (${eventKinds([...personEvents, ...anonymous])})`],
    ['anonymous', `${anonymous.length} events not yet merged into a person`],
    ['devices', `${devices.length} (${countBy(devices, (device) => device.platform)})`],
    ['objects', `${objects.length} (${countBy(objects, (object) => `type ${object.objectTypeId}`)})`],
    ['relationships', `${relationships.length}`],
    ['deleted', `${workspace.deletedPeople().length} people`],
    ['suppressed', `${workspace.suppressedPeople().length} people`],
    ['metrics', `${metrics.length} (${countBy(metrics, (metric) => metric.metric)})`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = ["The emulator's workspace now holds:"];
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${value}`);

  const busiest = [...people].sort((a, b) => b.events.length - a.events.length).slice(0, examples);
  if (busiest.length > 0) lines.push('', 'For example, people:');
  for (const person of busiest) lines.push(`  ${describePerson(person)}`);
  if (objects.length > 0) lines.push('', 'objects:');
  for (const object of objects.slice(0, examples)) {
    lines.push(`  ${object.objectTypeId}/${object.objectId}  ${preview(object.attributes)}`);
  }
  const withDevices = people.filter((person) => person.devices.length > 0).slice(0, examples);
  if (withDevices.length > 0) lines.push('', 'devices:');
  for (const person of withDevices) {
    for (const device of person.devices)
      lines.push(`  ${nameOf(person)}  ${device.platform} ${device.token}`);
  }
  return lines.join('\n');
}

function describePerson(person: StoredPerson): string {
  const attributes = Object.keys(person.attributes).length;
  // Page views are named by their URL: the track events' names say more about a person.
  const names = [
    ...new Set(person.events.filter((event) => event.type === 'event').map((event) => event.name)),
  ];
  const shown = names.slice(0, examples).join(', ') + (names.length > examples ? ', ...' : '');
  const parts = [
    plural(attributes, 'attribute'),
    `${plural(person.events.length, 'event')} (${eventKinds(person.events)}${shown ? `: ${shown}` : ''})`,
    plural(person.devices.length, 'device'),
  ];
  return `${nameOf(person)}  ${parts.join(', ')}`;
}

function nameOf(person: StoredPerson): string {
  const id = person.id ?? person.cioId;
  return person.email === undefined ? id : `${id} <${person.email}>`;
}

function eventKinds(events: readonly StoredEvent[]): string {
  return countBy(events, (event) => (event.type === 'event' ? 'track' : event.type));
}

/** `ios 12, android 9`, most frequent first. */
function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  if (items.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

/** The first few attributes, each value cut short. */
function preview(attributes: Record<string, unknown>): string {
  const entries = Object.entries(attributes);
  const shown = entries.slice(0, 3).map(([name, value]) => {
    const json = JSON.stringify(value) ?? String(value);
    return `${name}=${json.length > 40 ? `${json.slice(0, 39)}...` : json}`;
  });
  const rest = entries.length - shown.length;
  return shown.join(' ') + (rest > 0 ? ` (+${rest} more)` : '');
}

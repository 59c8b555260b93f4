/**
 * Device events -> person `add_device` / `delete_device`, as Segment's "Create or Update Device" and
 * "Delete Device" actions build them: the token is `context.device.token`, the platform
 * `context.device.type`, `last_used` the message's time, and the attributes the event's properties
 * with `app_version` from `context.app.version` (which wins over a property of that name).
 *
 * Where we differ:
 * - The platform is normalised, since Customer.io takes only "ios" and "android": any case of
 *   "android" is android, and Apple's mobile systems ("iOS", "iPadOS", "tvOS", "watchOS") are ios, as
 *   RudderStack maps them. Segment sends the type as it is.
 * - `device_model` (`context.device.model`), `device_os` (`context.os.name` and `context.os.version`,
 *   "iOS 17.2": Customer.io describes it as the operating system including its version; RudderStack
 *   sends the name alone) and `device_locale` (`context.locale`) are added, as RudderStack adds them:
 *   Customer.io lists them among a device's attributes. A property of the same name wins, as in
 *   RudderStack, so what an SDK reports itself is kept.
 * - Device attributes are strings: Customer.io's Track API document types them so (schema
 *   `device_object_common`, which `person_add_device` uses: every attribute, custom ones included,
 *   is a string, and `push_enabled` is "true" or "false"). Segment and RudderStack send the JSON types
 *   as they are; here numbers and booleans are written as strings, other values are left out with a
 *   warning, `push_enabled` is read like `unsubscribed`, and `_last_status` (read-only) is never sent.
 * - When the device cannot be named (no token, another platform, or no known person, since devices
 *   belong to people), the device operation is skipped with a `device_skipped` warning and the event
 *   is sent instead (map-track.ts), rather than losing it with the device.
 */
import { quote } from '../errors.js';
import { resolvePerson } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { eventDataBudget } from './limits-context.js';
import { copyData, entity, type MapContext } from './map-context.js';
import type { MessageProblem } from './mapping-errors.js';
import { joinPath } from './message-paths.js';
import { showValue } from './message-problems.js';
import type { TrackMessage } from './messages.js';
import { asBoolean, eventDataTypes } from './reserved-attributes.js';
import { setOwn } from './sanitize.js';

const applePlatforms = new Set(['ios', 'ipados', 'tvos', 'watchos']);
const reservedDeviceAttributes = new Set(['_last_status']);

export function mapDevice(
  action: 'add_device' | 'delete_device',
  message: TrackMessage,
  context: MapContext,
): MappedOperation[] {
  // Problems with the person are the event's to report; the device only needs to know there is one.
  const scratch: MessageProblem[] = [];
  const person = resolvePerson({ userId: message.userId, email: message.context?.traits?.email }, scratch);
  if (scratch.length > 0) return [];
  const device = message.context?.device;
  if (person === undefined || !person.known) {
    return skip(
      action,
      message,
      context,
      'devices belong to a known person, and the message has no userId or context.traits.email',
      'userId',
    );
  }
  const token = device?.token;
  if (token == null || token === '') {
    return skip(action, message, context, 'it has no context.device.token', 'context.device.token');
  }
  if (action === 'delete_device') {
    return [entity({ type: 'person', identifiers: person.identifiers, action, device: { token } })];
  }

  const platform = normalisePlatform(device?.type);
  if (platform === undefined) {
    const reason = `context.device.type ${device?.type == null ? 'null' : quote(device.type)} is not ios or android`;
    return skip(action, message, context, reason, 'context.device.type');
  }
  const attributes = deviceAttributes(message, context);
  return [
    entity({
      type: 'person',
      identifiers: person.identifiers,
      action,
      device: {
        token,
        platform,
        ...(context.time === undefined ? {} : { last_used: context.time.seconds }),
        ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
      },
    }),
  ];
}

/** No device operation, with a `device_skipped` warning saying why. */
function skip(
  action: 'add_device' | 'delete_device',
  message: TrackMessage,
  context: MapContext,
  reason: string,
  field: string,
): MappedOperation[] {
  context.warnings.push({
    code: 'device_skipped',
    field,
    message: `"${message.event}" did not ${action === 'add_device' ? 'add' : 'delete'} a device: ${reason}. The event is still sent.`,
  });
  return [];
}

export function normalisePlatform(type: string | null | undefined): 'ios' | 'android' | undefined {
  const name = type?.trim().toLowerCase() ?? '';
  if (name === 'android') return 'android';
  return applePlatforms.has(name) ? 'ios' : undefined;
}

function deviceAttributes(message: TrackMessage, context: MapContext): Record<string, string> {
  const attributes: Record<string, string> = {};
  // The event's own data, read as far as the event's budget allows: when it is over, so is the event.
  const properties = copyData(
    context,
    message.properties ?? {},
    'properties',
    eventDataBudget,
    eventDataTypes,
  );
  for (const [key, value] of Object.entries(properties)) {
    const path = joinPath('properties', key);
    if (reservedDeviceAttributes.has(key)) {
      context.warnings.push({
        code: 'value_dropped',
        field: path,
        message: `${path} was left out: "${key}" is Customer.io's own device attribute.`,
      });
    } else if (key === 'push_enabled') {
      // Customer.io takes only "true" or "false" here.
      const enabled = asBoolean(value);
      if (enabled === undefined) {
        context.warnings.push({
          code: 'value_dropped',
          field: path,
          message: `${path} ${showValue(value)} was left out: Customer.io reads "push_enabled" as "true" or "false".`,
        });
      } else setOwn(attributes, key, String(enabled));
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      setOwn(attributes, key, String(value));
    } else if (value !== null) {
      context.warnings.push({
        code: 'value_dropped',
        field: path,
        message: `${path} was left out of the device's attributes: device attributes are strings, and it is ${Array.isArray(value) ? 'an array' : 'an object'}.`,
      });
    }
  }
  const appVersion = message.context?.app?.version;
  if (appVersion != null && appVersion !== '') setOwn(attributes, 'app_version', appVersion);
  const described: Array<[string, string | undefined]> = [
    ['device_model', message.context?.device?.model ?? undefined],
    ['device_os', operatingSystem(message)],
    ['device_locale', message.context?.locale ?? undefined],
  ];
  for (const [key, value] of described) {
    if (value !== undefined && value !== '' && !Object.hasOwn(attributes, key))
      setOwn(attributes, key, value);
  }
  return attributes;
}

/** "iOS 17.2": the system's name and version, as far as the message gives them. */
function operatingSystem(message: TrackMessage): string | undefined {
  const os = message.context?.os;
  const parts = [os?.name, os?.version].filter((part) => part != null && part.trim() !== '');
  return parts.length === 0 ? undefined : parts.join(' ');
}

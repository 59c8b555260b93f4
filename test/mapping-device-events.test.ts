import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import { bodyOf, entity, eventId, seconds, sent, track, warning } from './support/segment-messages.js';

const mobileContext = {
  device: { token: 'tok-1', type: 'ios', model: 'iPhone15,2', id: 'device-uuid' },
  app: { version: '2.4.1', build: '241' },
  os: { name: 'iOS', version: '17.2' },
  locale: 'fr-FR',
};

/** The event a device event is sent as, instead of its device or (with `deviceEventsAlsoTracked`) with it. */
const theEvent = (name: string, identifiers: Record<string, string>, attributes = {}) =>
  entity({
    type: 'person',
    identifiers,
    action: 'event',
    name,
    id: eventId('msg-track'),
    timestamp: seconds,
    attributes,
  });

describe('device events', () => {
  it.each([['Application Installed'], ['Application Opened'], ['Device Created or Updated']])(
    '"%s" adds the device, and sends no event',
    (name) => {
      const message = track(name, {
        context: mobileContext,
        properties: { from_background: false, build: 241 },
      });
      expect(mapMessage(message)).toStrictEqual(
        sent(
          entity({
            type: 'person',
            identifiers: { id: 'user-1' },
            action: 'add_device',
            device: {
              token: 'tok-1',
              platform: 'ios',
              last_used: seconds,
              attributes: {
                from_background: 'false',
                build: '241',
                app_version: '2.4.1',
                device_model: 'iPhone15,2',
                device_os: 'iOS 17.2',
                device_locale: 'fr-FR',
              },
            },
          }),
        ),
      );
    },
  );

  it('with deviceEventsAlsoTracked, sends the event too, after the device', () => {
    const message = track('Application Opened', {
      context: { device: { token: 'tok-1', type: 'android' } },
      properties: { from_background: true },
    });
    expect(mapMessage(message, { deviceEventsAlsoTracked: true })).toStrictEqual(
      sent(
        entity({
          type: 'person',
          identifiers: { id: 'user-1' },
          action: 'add_device',
          device: {
            token: 'tok-1',
            platform: 'android',
            last_used: seconds,
            attributes: { from_background: 'true' },
          },
        }),
        theEvent('Application Opened', { id: 'user-1' }, { from_background: true }),
      ),
    );
  });

  it.each([['yes'], [1], [null]])('refuses deviceEventsAlsoTracked %j with a ConfigError', (value) => {
    expect(() => mapMessage(track('x'), { deviceEventsAlsoTracked: value as never })).toThrow(
      expect.objectContaining({ name: 'ConfigError', option: 'deviceEventsAlsoTracked' }),
    );
  });

  it('takes app_version from the context over a property, and the described attributes from properties first', () => {
    const message = track('Device Created or Updated', {
      context: mobileContext,
      properties: {
        app_version: '1.0',
        device_model: 'iPhone16,1',
        device_os: '17.4',
        device_locale: 'de-DE',
      },
    });
    expect(bodyOf(mapMessage(message)).device).toStrictEqual({
      token: 'tok-1',
      platform: 'ios',
      last_used: seconds,
      attributes: {
        app_version: '2.4.1',
        device_model: 'iPhone16,1',
        device_os: '17.4',
        device_locale: 'de-DE',
      },
    });
  });

  it.each([
    [{ name: 'Android', version: '14' }, 'Android 14'],
    [{ name: 'iOS' }, 'iOS'],
    [{ version: 14 }, '14'],
    [{ name: ' ', version: '17.2' }, '17.2'],
  ])('writes device_os from the system %j as %j', (os, deviceOs) => {
    const message = track('Application Installed', {
      context: { device: { token: 'tok-1', type: 'ios' }, os },
    });
    expect(bodyOf(mapMessage(message)).device).toStrictEqual({
      token: 'tok-1',
      platform: 'ios',
      last_used: seconds,
      attributes: { device_os: deviceOs },
    });
  });

  it.each([
    ['ios', 'ios'],
    ['iOS', 'ios'],
    ['iPadOS', 'ios'],
    ['tvOS', 'ios'],
    ['watchOS', 'ios'],
    ['android', 'android'],
    [' Android ', 'android'],
  ])('normalises the platform %j to %s', (type, platform) => {
    const message = track('Application Installed', { context: { device: { token: 'tok-1', type } } });
    expect(mapMessage(message)).toStrictEqual(
      sent(
        entity({
          type: 'person',
          identifiers: { id: 'user-1' },
          action: 'add_device',
          device: { token: 'tok-1', platform, last_used: seconds },
        }),
      ),
    );
  });

  it.each([
    ['another platform', { device: { token: 'tok-1', type: 'web' } }, 'context.device.type'],
    ['macOS', { device: { token: 'tok-1', type: 'macos' } }, 'context.device.type'],
    ['no platform', { device: { token: 'tok-1' } }, 'context.device.type'],
    ['no token', { device: { type: 'ios' } }, 'context.device.token'],
    ['an empty token', { device: { token: '', type: 'ios' } }, 'context.device.token'],
    ['no device at all', {}, 'context.device.token'],
  ])('with %s, skips the device with a warning and sends the event instead', (_, context, field) => {
    expect(mapMessage(track('Application Opened', { context }))).toStrictEqual({
      operations: [theEvent('Application Opened', { id: 'user-1' })],
      warnings: [warning('device_skipped', field)],
    });
  });

  it('skips the device of an anonymous user, whose event is still sent anonymously', () => {
    const message = track('Application Installed', {
      userId: null,
      anonymousId: 'anon-1',
      context: mobileContext,
    });
    expect(mapMessage(message)).toStrictEqual({
      operations: [theEvent('Application Installed', { anonymous_id: 'anon-1' })],
      warnings: [
        {
          code: 'device_skipped',
          field: 'userId',
          message:
            '"Application Installed" did not add a device: devices belong to a known person, and the message has no userId or context.traits.email. The event is still sent.',
        },
      ],
    });
  });

  it('sends device attributes as strings, leaving out objects, arrays, nulls and _last_status', () => {
    const properties = {
      ok: 'yes',
      n: 1.5,
      nested: { a: 1 },
      list: [1],
      none: null,
      _last_status: 'bounced',
    };
    const message = track('Application Opened', {
      timestamp: undefined,
      context: { device: { token: 'tok-1', type: 'android' } },
      properties,
    });
    expect(mapMessage(message)).toStrictEqual({
      operations: [
        entity({
          type: 'person',
          identifiers: { id: 'user-1' },
          action: 'add_device',
          device: { token: 'tok-1', platform: 'android', attributes: { ok: 'yes', n: '1.5' } },
        }),
      ],
      warnings: [
        warning('value_dropped', 'properties.nested'),
        warning('value_dropped', 'properties.list'),
        warning('value_dropped', 'properties._last_status'),
      ],
    });
  });

  it.each([
    [true, 'true'],
    ['False', 'false'],
    [1, 'true'],
    ['0', 'false'],
  ])('sends push_enabled %j as %j', (push_enabled, expected) => {
    const message = track('Application Opened', {
      context: { device: { token: 'tok-1', type: 'ios' } },
      properties: { push_enabled },
    });
    expect(mapMessage(message).operations[0]).toStrictEqual(
      entity({
        type: 'person',
        identifiers: { id: 'user-1' },
        action: 'add_device',
        device: {
          token: 'tok-1',
          platform: 'ios',
          last_used: seconds,
          attributes: { push_enabled: expected },
        },
      }),
    );
  });

  it('leaves out a push_enabled that is neither true nor false', () => {
    const message = track('Application Opened', {
      context: { device: { token: 'tok-1', type: 'ios' } },
      properties: { push_enabled: 'sometimes' },
    });
    expect(mapMessage(message).warnings).toStrictEqual([warning('value_dropped', 'properties.push_enabled')]);
  });

  it.each([['Application Uninstalled'], ['Device Deleted']])(
    '"%s" deletes the device, and sends no event',
    (name) => {
      const message = track(name, { userId: 'ada@example.com', context: mobileContext });
      const deletion = entity({
        type: 'person',
        identifiers: { email: 'ada@example.com' },
        action: 'delete_device',
        device: { token: 'tok-1' },
      });
      expect(mapMessage(message)).toStrictEqual(sent(deletion));
      expect(mapMessage(message, { deviceEventsAlsoTracked: true })).toStrictEqual(
        sent(deletion, theEvent(name, { email: 'ada@example.com' })),
      );
    },
  );

  it('sends an uninstall without a token as the event only, with a warning', () => {
    expect(mapMessage(track('Application Uninstalled'))).toStrictEqual({
      operations: [theEvent('Application Uninstalled', { id: 'user-1' })],
      warnings: [warning('device_skipped', 'context.device.token')],
    });
  });
});

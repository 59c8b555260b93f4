import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/testing/workspace.js';
import {
  addDevice,
  day,
  deleteDevice,
  entity,
  identify,
  merge,
  personAction,
  t0,
  track,
} from './support/workspace-commands.js';

describe('events, page views and screen views', () => {
  it('are stored on their person, who is created for a new id or email', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ id: 'u1' }, 'Order Completed', { id: 'E1', attributes: { total: 42.5 } }), t0);
    workspace.apply(
      track({ id: 'u1' }, 'https://example.com/pricing', { action: 'page', timestamp: t0 - 60 }),
      t0,
    );
    workspace.apply(track({ email: 'Ada@example.com' }, 'Home', { action: 'screen' }), t0 + 1);

    expect(workspace.people()).toStrictEqual([
      {
        cioId: '0300000001',
        id: 'u1',
        attributes: {},
        suppressed: false,
        events: [
          { type: 'event', name: 'Order Completed', data: { total: 42.5 }, timestamp: t0, dedupeId: 'E1' },
          { type: 'page', name: 'https://example.com/pricing', data: {}, timestamp: t0 - 60 },
        ],
        devices: [],
      },
      {
        cioId: '0300000002',
        email: 'Ada@example.com',
        attributes: { email: 'Ada@example.com' },
        suppressed: false,
        events: [{ type: 'screen', name: 'Home', data: {}, timestamp: t0 + 1 }],
        devices: [],
      },
    ]);
  });

  it('are ignored for an unknown cio_id', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ cio_id: '0399999999' }, 'Signed In'), t0);

    expect(workspace.people()).toStrictEqual([]);
  });

  it('are ignored when their dedupe id was seen before, anywhere in the workspace', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ id: 'u1' }, 'Signed In', { id: 'E1' }), t0);
    workspace.apply(track({ id: 'u1' }, 'Signed In again', { id: 'E1' }), t0 + 1);
    workspace.apply(track({ id: 'u2' }, 'Signed In', { id: 'E1' }), t0 + 1);
    workspace.apply(track({ anonymous_id: 'anon' }, 'Viewed', { id: 'E1' }), t0 + 1);

    expect(workspace.person({ id: 'u1' })?.events.map((event) => event.name)).toStrictEqual(['Signed In']);
    // The duplicate was ignored before it could create anyone.
    expect(workspace.person({ id: 'u2' })).toBeUndefined();
    expect(workspace.anonymousEvents()).toStrictEqual([]);
  });

  it('stay deduplicated after the event moved by a merge or left with a deleted person', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }), t0);
    workspace.apply(track({ id: 'u2' }, 'Merged away', { id: 'E1' }), t0);
    workspace.apply(track({ id: 'u3' }, 'Deleted', { id: 'E2' }), t0);
    workspace.apply(merge({ id: 'u1' }, { id: 'u2' }), t0 + 1);
    workspace.apply(personAction('delete', { id: 'u3' }), t0 + 1);
    workspace.apply(track({ id: 'u1' }, 'Merged away', { id: 'E1' }), t0 + 2);
    workspace.apply(track({ id: 'u1' }, 'Deleted', { id: 'E2' }), t0 + 2);

    expect(workspace.person({ id: 'u1' })?.events).toStrictEqual([
      { type: 'event', name: 'Merged away', data: {}, timestamp: t0, dedupeId: 'E1' },
    ]);
  });

  it('without a dedupe id are all kept', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ id: 'u1' }, 'Clicked'), t0);
    workspace.apply(track({ id: 'u1' }, 'Clicked'), t0);

    expect(workspace.person({ id: 'u1' })?.events).toHaveLength(2);
  });
});

describe('anonymous activity', () => {
  it('is kept under its anonymous id, in arrival order', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ anonymous_id: 'anon-1' }, 'Viewed Pricing', { id: 'E1' }), t0);
    workspace.apply(track({ anonymous_id: 'anon-2' }, '/docs', { action: 'page' }), t0 + 1);
    workspace.apply(track({ anonymous_id: 'anon-1' }, 'Started Trial', { timestamp: t0 - 5 }), t0 + 2);

    const viewed = {
      type: 'event',
      name: 'Viewed Pricing',
      data: {},
      timestamp: t0,
      dedupeId: 'E1',
      anonymousId: 'anon-1',
    };
    const docs = { type: 'page', name: '/docs', data: {}, timestamp: t0 + 1, anonymousId: 'anon-2' };
    const started = {
      type: 'event',
      name: 'Started Trial',
      data: {},
      timestamp: t0 - 5,
      anonymousId: 'anon-1',
    };
    expect(workspace.anonymousEvents()).toStrictEqual([viewed, docs, started]);
    expect(workspace.anonymousEvents('anon-1')).toStrictEqual([viewed, started]);
    expect(workspace.anonymousEvents('anon-3')).toStrictEqual([]);
    expect(workspace.people()).toStrictEqual([]);
  });

  it('moves to the person who takes the anonymous id, keeping it on each event', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ anonymous_id: 'anon-1' }, 'Viewed Pricing', { id: 'E1' }), t0);
    workspace.apply(track({ anonymous_id: 'anon-2' }, 'Viewed Docs'), t0);
    workspace.apply(track({ id: 'u1' }, 'Signed Up'), t0 + 10);
    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon-1' }), t0 + 20);

    expect(workspace.person({ id: 'u1' })).toStrictEqual({
      cioId: '0300000001',
      id: 'u1',
      attributes: { anonymous_id: 'anon-1' },
      suppressed: false,
      events: [
        { type: 'event', name: 'Signed Up', data: {}, timestamp: t0 + 10 },
        {
          type: 'event',
          name: 'Viewed Pricing',
          data: {},
          timestamp: t0,
          dedupeId: 'E1',
          anonymousId: 'anon-1',
        },
      ],
      devices: [],
    });
    expect(workspace.anonymousEvents('anon-1')).toStrictEqual([]);
    expect(workspace.anonymousEvents().map((event) => event.name)).toStrictEqual(['Viewed Docs']);
  });

  it('received up to five minutes after that identify joins the person directly; later, it waits', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon-1' }), t0);
    workspace.apply(track({ anonymous_id: 'anon-1' }, 'In time'), t0 + 300);
    workspace.apply(track({ anonymous_id: 'anon-1' }, 'Too late'), t0 + 301);

    expect(workspace.person({ id: 'u1' })?.events.map((event) => event.name)).toStrictEqual(['In time']);
    expect(workspace.anonymousEvents('anon-1').map((event) => event.name)).toStrictEqual(['Too late']);

    // Setting the anonymous id again merges what waited.
    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon-1' }), t0 + 400);
    expect(workspace.person({ id: 'u1' })?.events.map((event) => event.name)).toStrictEqual([
      'In time',
      'Too late',
    ]);
  });

  it('does not move when the identify setting the anonymous id is older than the value held', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon-new' }, { timestamp: t0 + 100 }), t0 + 100);
    workspace.apply(track({ anonymous_id: 'anon-old' }, 'Viewed'), t0 + 500);
    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon-old' }, { timestamp: t0 + 50 }), t0 + 501);

    expect(workspace.person({ id: 'u1' })).toMatchObject({
      attributes: { anonymous_id: 'anon-new' },
      events: [],
    });
    expect(workspace.anonymousEvents('anon-old')).toHaveLength(1);
  });

  it('expires after 30 days by the workspace clock, when one is given', () => {
    const now = t0 + 40 * day;
    const workspace = createWorkspace({ now: () => now });
    workspace.apply(track({ anonymous_id: 'anon' }, 'Old', { timestamp: t0 }), now);
    workspace.apply(track({ anonymous_id: 'anon' }, 'Recent', { timestamp: now - 29 * day }), now);

    expect(workspace.anonymousEvents().map((event) => event.name)).toStrictEqual(['Recent']);
    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon' }), now);
    expect(workspace.person({ id: 'u1' })?.events.map((event) => event.name)).toStrictEqual(['Recent']);
    expect(workspace.anonymousEvents()).toStrictEqual([]);
  });

  it('never expires without a workspace clock', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ anonymous_id: 'anon' }, 'Old', { timestamp: t0 - 365 * day }), t0);

    expect(workspace.anonymousEvents().map((event) => event.name)).toStrictEqual(['Old']);
  });

  it('moves with the anonymous ids a merged-away person took', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }), t0);
    workspace.apply(identify({ id: 'u2' }, { anonymous_id: 'anon' }), t0);
    workspace.apply(merge({ id: 'u1' }, { id: 'u2' }), t0 + 1);
    workspace.apply(track({ anonymous_id: 'anon' }, 'After merge'), t0 + 2);

    expect(workspace.person({ id: 'u1' })).toMatchObject({
      attributes: { anonymous_id: 'anon' },
      events: [{ name: 'After merge', anonymousId: 'anon' }],
    });
  });
});

describe('devices', () => {
  it('are added to their person, who is created for a new identifier', () => {
    const workspace = createWorkspace();
    workspace.apply(
      addDevice(
        { id: 'u1' },
        { token: 'tok-1', platform: 'ios', last_used: t0 - 10, attributes: { app_version: '1.0' } },
      ),
      t0,
    );
    workspace.apply(addDevice({ id: 'u1' }, { token: 'tok-2', platform: 'android' }), t0 + 5);

    expect(workspace.person({ id: 'u1' })?.devices).toStrictEqual([
      { token: 'tok-1', platform: 'ios', lastUsed: t0 - 10, attributes: { app_version: '1.0' } },
      { token: 'tok-2', platform: 'android', lastUsed: t0 + 5, attributes: {} },
    ]);
  });

  it('are updated by token, their attributes merging', () => {
    const workspace = createWorkspace();
    workspace.apply(
      addDevice(
        { id: 'u1' },
        { token: 'tok', platform: 'ios', attributes: { app_version: '1.0', device_os: '17' } },
      ),
      t0,
    );
    workspace.apply(
      addDevice({ id: 'u1' }, { token: 'tok', platform: 'ios', attributes: { app_version: '1.1' } }),
      t0 + 9,
    );

    expect(workspace.person({ id: 'u1' })?.devices).toStrictEqual([
      {
        token: 'tok',
        platform: 'ios',
        lastUsed: t0 + 9,
        attributes: { app_version: '1.1', device_os: '17' },
      },
    ]);
  });

  it('belong to one person at a time', () => {
    const workspace = createWorkspace();
    workspace.apply(addDevice({ id: 'u1' }, { token: 'tok', platform: 'ios' }), t0);
    workspace.apply(addDevice({ id: 'u2' }, { token: 'tok', platform: 'ios' }), t0 + 1);

    expect(workspace.person({ id: 'u1' })?.devices).toStrictEqual([]);
    expect(workspace.person({ id: 'u2' })?.devices.map((device) => device.token)).toStrictEqual(['tok']);
  });

  it('are removed by delete_device, which creates no one and ignores unknown tokens', () => {
    const workspace = createWorkspace();
    workspace.apply(addDevice({ id: 'u1' }, { token: 'tok', platform: 'ios' }), t0);
    workspace.apply(deleteDevice({ id: 'u1' }, 'unknown'), t0 + 1);
    workspace.apply(deleteDevice({ id: 'u2' }, 'tok'), t0 + 1);
    expect(workspace.person({ id: 'u1' })?.devices).toHaveLength(1);
    expect(workspace.person({ id: 'u2' })).toBeUndefined();

    workspace.apply(deleteDevice({ id: 'u1' }, 'tok'), t0 + 2);
    expect(workspace.person({ id: 'u1' })?.devices).toStrictEqual([]);
  });

  it('are ignored for an unknown cio_id', () => {
    const workspace = createWorkspace();
    workspace.apply(addDevice({ cio_id: '0399999999' }, { token: 'tok', platform: 'ios' }), t0);

    expect(workspace.people()).toStrictEqual([]);
  });
});

describe('metrics and unsubscriptions', () => {
  it('record push metrics from delivery operations and email metrics from v1 metrics', () => {
    const workspace = createWorkspace();
    workspace.apply(
      entity({
        type: 'delivery',
        action: 'event',
        identifiers: { id: 'dlv-push' },
        name: 'opened',
        timestamp: t0 - 30,
        attributes: { device_token: 'tok' },
      }),
      t0,
    );
    workspace.apply(
      {
        kind: 'email_metric',
        metric: {
          delivery_id: 'dlv-mail',
          metric: 'bounced',
          recipient: 'a@example.com',
          reason: 'mailbox full',
        },
      },
      t0 + 1,
    );
    workspace.apply(
      {
        kind: 'email_metric',
        metric: { delivery_id: 'dlv-mail', metric: 'clicked', timestamp: t0 - 2, href: 'https://x.test' },
      },
      t0 + 2,
    );

    expect(workspace.metrics()).toStrictEqual([
      {
        deliveryId: 'dlv-push',
        metric: 'opened',
        timestamp: t0 - 30,
        channel: 'push',
        data: { device_token: 'tok' },
      },
      {
        deliveryId: 'dlv-mail',
        metric: 'bounced',
        timestamp: t0 + 1,
        channel: 'email',
        data: { recipient: 'a@example.com', reason: 'mailbox full' },
      },
      {
        deliveryId: 'dlv-mail',
        metric: 'clicked',
        timestamp: t0 - 2,
        channel: 'email',
        data: { href: 'https://x.test' },
      },
    ]);
  });

  it('record each unsubscribed delivery once, in order', () => {
    const workspace = createWorkspace();
    workspace.apply({ kind: 'unsubscribe', deliveryId: 'd2' }, t0);
    workspace.apply({ kind: 'unsubscribe', deliveryId: 'd1' }, t0);
    workspace.apply({ kind: 'unsubscribe', deliveryId: 'd2' }, t0);

    expect(workspace.unsubscribedDeliveries()).toStrictEqual(['d2', 'd1']);
  });
});

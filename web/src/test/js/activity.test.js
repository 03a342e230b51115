// activity.js's read markers: what the page has seen goes to the server as `read`, at most one per channel per 300 ms.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support/browser.js';

const { state } = await import(new URL('store.js', JS).href);
const activity = await import(new URL('activity.js', JS).href);

const sent = [];
beforeEach(() => {
  state.channels.clear();
  state.timelines.clear();
  state.me = { id: 'me', username: 'bob' };
  for (const id of ['dm', 'team']) state.channels.set(id, { id, readSeq: 0, unread: 3 });
  sent.length = 0;
  activity.attach({ isOpen: true, request: (op, d) => { sent.push([op, d]); return Promise.resolve({}); } });
});

test('reading two channels within 300 ms sends a read for each (the second does not cancel the first)', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  activity.markRead('dm', 1);
  t.mock.timers.tick(100);
  activity.markRead('team', 7);
  t.mock.timers.tick(300);
  assert.deepEqual(sent, [['read', { channelId: 'dm', seq: 1 }], ['read', { channelId: 'team', seq: 7 }]]);
  assert.equal(state.channels.get('dm').readSeq, 1);
  assert.equal(state.channels.get('dm').unread, 0);
});

test('reading further in one channel within 300 ms sends one read, with the furthest seq', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  activity.markRead('team', 4);
  t.mock.timers.tick(200);
  activity.markRead('team', 6);
  t.mock.timers.tick(200);
  assert.deepEqual(sent, [], 'the wait starts again with each new marker');
  t.mock.timers.tick(100);
  assert.deepEqual(sent, [['read', { channelId: 'team', seq: 6 }]]);
});

test('a marker at or behind the one already read sends nothing', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  activity.markRead('team', 5);
  t.mock.timers.tick(300);
  activity.markRead('team', 5);
  activity.markRead('team', 2);
  t.mock.timers.tick(300);
  assert.deepEqual(sent, [['read', { channelId: 'team', seq: 5 }]]);
});

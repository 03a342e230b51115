// activity.js's read markers: what the page has seen goes to the server as `read`, at most one per channel per 300 ms.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support/browser.js';

const { state } = await import(new URL('store.js', JS).href);
const activity = await import(new URL('activity.js', JS).href);
const { ParleyError } = await import(new URL('errors.js', JS).href);

/** Lets the answers already given settle. */
const flush = () => new Promise((resolve) => { setImmediate(resolve); });

const sent = [];
beforeEach(async () => {
  // what an earlier test left owed is confirmed first
  activity.attach({ isOpen: true, request: () => Promise.resolve({}) });
  await activity.sendOwedReads();
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

/** A socket whose `read` answers as `answer(d)` says, recording what was sent. */
function socketAnswering(answer) {
  const socket = { isOpen: true, request: (op, d) => { sent.push([op, d]); return answer(d); } };
  activity.attach(socket);
  return socket;
}

test('a read that never reached the server goes out again once reconnected, and only until confirmed', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const socket = socketAnswering(() => Promise.reject(new ParleyError('DISCONNECTED', 'connection lost')));
  activity.markRead('dm', 4);
  t.mock.timers.tick(300); // the socket was lost meanwhile: the read is refused at once
  await flush();
  assert.deepEqual(sent, [['read', { channelId: 'dm', seq: 4 }]]);
  socket.request = (op, d) => { sent.push([op, d]); return Promise.resolve({}); };
  await activity.sendOwedReads();
  assert.deepEqual(sent.slice(1), [['read', { channelId: 'dm', seq: 4 }]], 'owed after the reconnect');
  await activity.sendOwedReads();
  assert.equal(sent.length, 2, 'confirmed: nothing more to send');
});

test('owed reads go out at once, ahead of their wait, and a refusal for good is not sent again', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  socketAnswering((d) => (d.channelId === 'team'
    ? Promise.reject(new ParleyError('FORBIDDEN', 'not a member')) : Promise.resolve({})));
  activity.markRead('dm', 2);
  activity.markRead('team', 9);
  await activity.sendOwedReads();
  assert.deepEqual(sent, [['read', { channelId: 'dm', seq: 2 }], ['read', { channelId: 'team', seq: 9 }]]);
  t.mock.timers.tick(300);
  await activity.sendOwedReads();
  assert.equal(sent.length, 2, 'the waits were cancelled, and nothing is owed any more');
});

test('nothing is sent for owed reads while the socket is down', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const socket = socketAnswering(() => Promise.resolve({}));
  socket.isOpen = false;
  activity.markRead('dm', 3);
  await activity.sendOwedReads();
  assert.deepEqual(sent, []);
  socket.isOpen = true;
  await activity.sendOwedReads();
  assert.deepEqual(sent, [['read', { channelId: 'dm', seq: 3 }]]);
});

// store.js: the pure rules that fold REST pages and live events into a channel's timeline. Every event is idempotent
// on the message state, which is what lets a history page race live events (and a replay repeat them) safely.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './support/browser.js';
import { JS } from './support/browser.js';

const store = await import(new URL('store.js', JS).href);
const { state, timeline, ordered, putMessage, applyToTimeline, unreadInTimeline, mentionsMe, channelTitle,
  rememberUser, nameOf, on, changed } = store;

const C = 'c1';
const msg = (seq, extra = {}) => ({ id: `m${seq}`, seq, channelId: C, senderId: 'bob', text: `text ${seq}`,
  reactions: {}, createdAt: '2024-01-01T00:00:00Z', ...extra });
const created = (m) => ['message.created', { channelId: C, seq: m.seq, message: m }];

beforeEach(() => {
  state.timelines.clear();
  state.users.clear();
  state.me = { id: 'me', username: 'alice' };
});

test('ordered: by seq, then messages still pending (no seq yet) in the order they were sent', () => {
  const t = timeline(C);
  t.byKey.set('p2', { key: 'p2', pending: true, sentAt: 20 });
  t.byKey.set('m3', { key: 'm3', seq: 3, sentAt: 0 });
  t.byKey.set('p1', { key: 'p1', pending: true, sentAt: 10 });
  t.byKey.set('m1', { key: 'm1', seq: 1, sentAt: 0 });
  t.byKey.set('m2', { key: 'm2', seq: 2, sentAt: 0 });
  assert.deepEqual(ordered(C).map((m) => m.key), ['m1', 'm2', 'm3', 'p1', 'p2']);
});

test('a confirmed message replaces its pending copy (matched by clientMsgId) and keeps its place', () => {
  const t = timeline(C);
  t.byKey.set('cm-1', { key: 'cm-1', clientMsgId: 'cm-1', text: 'hi', pending: true, sentAt: 1234 });
  putMessage(C, msg(7, { clientMsgId: 'cm-1', text: 'hi' }));
  assert.deepEqual([...t.byKey.keys()], ['m7'], 'one message, not two');
  const m = t.byKey.get('m7');
  assert.equal(m.pending, false);
  assert.equal(m.seq, 7);
  assert.equal(m.key, 'm7');
});

test('message.created applied twice, or after the page that already has it, shows the message once', () => {
  const [type, d] = created(msg(5));
  applyToTimeline(C, type, d);
  applyToTimeline(C, type, d);
  putMessage(C, msg(5)); // the REST page
  applyToTimeline(C, type, d);
  assert.equal(timeline(C).byKey.size, 1);
  assert.equal(ordered(C)[0].text, 'text 5');
});

test('message.updated changes the text; message.deleted blanks text and attachments', () => {
  putMessage(C, msg(1, { attachments: [{ id: 'a1' }] }));
  applyToTimeline(C, 'message.updated', { channelId: C, seq: 2, message: msg(1, { text: 'edited', editedAt: 'x' }) });
  assert.equal(timeline(C).byKey.get('m1').text, 'edited');
  applyToTimeline(C, 'message.deleted', { channelId: C, seq: 3, messageId: 'm1' });
  applyToTimeline(C, 'message.deleted', { channelId: C, seq: 3, messageId: 'm1' }); // again: no change
  const m = timeline(C).byKey.get('m1');
  assert.equal(m.deleted, true);
  assert.equal(m.text, '');
  assert.deepEqual(m.attachments, []);
});

test('reactions are sets: added twice counts once, removing the last one drops the emoji', () => {
  putMessage(C, msg(1));
  const react = (type, userId, emoji = '👍') => applyToTimeline(C, type, { channelId: C, messageId: 'm1', userId, emoji });
  react('reaction.added', 'bob');
  react('reaction.added', 'bob');
  react('reaction.added', 'carol');
  react('reaction.added', 'bob', '🎉');
  assert.deepEqual(timeline(C).byKey.get('m1').reactions, { '👍': ['bob', 'carol'], '🎉': ['bob'] });
  react('reaction.removed', 'bob');
  react('reaction.removed', 'bob');
  react('reaction.removed', 'bob', '🎉');
  assert.deepEqual(timeline(C).byKey.get('m1').reactions, { '👍': ['carol'] });
});

test('an event for a message that is not loaded, or of an unknown type, changes nothing', () => {
  putMessage(C, msg(1));
  const before = structuredClone([...timeline(C).byKey.entries()]);
  applyToTimeline(C, 'reaction.added', { channelId: C, messageId: 'm-unknown', userId: 'bob', emoji: '👍' });
  applyToTimeline(C, 'message.deleted', { channelId: C, messageId: 'm-unknown' });
  applyToTimeline(C, 'member.joined', { channelId: C, userId: 'dave' });
  assert.deepEqual([...timeline(C).byKey.entries()], before);
});

test("unread counts others' live messages above the read marker", () => {
  putMessage(C, msg(1));
  putMessage(C, msg(2));
  putMessage(C, msg(3, { senderId: 'me' })); // mine
  putMessage(C, msg(4));
  putMessage(C, msg(5, { deleted: true }));
  timeline(C).byKey.set('pending', { key: 'pending', pending: true, senderId: 'me' });
  assert.equal(unreadInTimeline(C, 0), 3);
  assert.equal(unreadInTimeline(C, 2), 1);
  assert.equal(unreadInTimeline(C, 5), 0);
});

test('mentionsMe: @username as a word, in any case, with trailing punctuation', () => {
  assert.equal(mentionsMe('hey @alice, look'), true);
  assert.equal(mentionsMe('@ALICE'), true);
  assert.equal(mentionsMe('thanks @alice.'), true);
  assert.equal(mentionsMe('@alice!'), true);
  assert.equal(mentionsMe('@alicex was here'), false);
  assert.equal(mentionsMe('mail alice@example.com'), false);
  assert.equal(mentionsMe('alice without the at'), false);
  assert.equal(mentionsMe(''), false);
  state.me = null;
  assert.equal(mentionsMe('@alice'), false, 'nobody signed in');
});

test("a DM is called after the other person; a channel by its name", () => {
  rememberUser({ id: 'u2', username: 'bob', displayName: 'Bob B.' });
  rememberUser({ id: 'u3', username: 'carol' });
  assert.equal(channelTitle({ type: 'public', name: 'general' }), 'general');
  assert.equal(channelTitle({ type: 'dm', peerId: 'u2' }), 'Bob B.');
  assert.equal(channelTitle({ type: 'dm', peerId: 'u3' }), 'carol', 'no display name: the username');
  assert.equal(channelTitle({ type: 'dm' }), 'Direct message', 'peer not known yet');
  assert.equal(nameOf('nobody'), 'someone');
});

test('change notifications are batched: each topic once per frame however many changes came in', async () => {
  const calls = [];
  on('typing', () => calls.push('typing'));
  on('presence', () => calls.push('presence'));
  changed('typing');
  changed('typing');
  changed('presence');
  changed('typing');
  assert.deepEqual(calls, [], 'nothing before the frame');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls.sort(), ['presence', 'typing']);
  changed('typing');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls.sort(), ['presence', 'typing', 'typing'], 'the next frame notifies again');
});

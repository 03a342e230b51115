// chat.js, the sync engine, driven through its two real inputs: REST (a fake fetch) and the socket (a fake WebSocket
// played by the test as the gateway). Per channel it keeps the highest seq applied: events at or below it are dropped,
// a reconnect resubscribes from it, a gap or a truncated replay reloads the newest page from REST.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeWebSocket, JS, fakeFetch, freshImport, settle } from './support/browser.js';

const { state, timeline, ordered } = await import(new URL('store.js', JS).href);

const C = 'c1';
const message = (seq, extra = {}) => ({ id: `m${seq}`, seq, channelId: C, senderId: 'bob', text: `text ${seq}`,
  reactions: {}, createdAt: '2024-01-01T00:00:00Z', ...extra });
const created = (seq, extra) => ({ op: 'event', t: 'message.created', d: { channelId: C, seq, message: message(seq, extra) } });

beforeEach(() => {
  for (const map of [state.channels, state.cursors, state.timelines, state.members, state.users, state.presence,
    state.typing]) map.clear();
  state.activeChannelId = null;
  state.me = { id: 'me', username: 'alice' };
});

/**
 * A signed-in page on one channel (c1, lastSeq 5, all read) with its newest page open; REST answers from `server`,
 * which the test may change. Returns the engine, the live socket and the REST calls.
 */
async function chatOn(t, { lastSeq = 5, open = true } = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 1_700_000_000_000 });
  const warnings = [];
  t.mock.method(console, 'warn', (...args) => warnings.push(args.join(' ')));
  t.mock.method(console, 'info', () => {});
  const server = {
    channel: { id: C, type: 'private', name: 'team', lastSeq, readSeq: lastSeq, unread: 0, role: 'member' },
    messages: Array.from({ length: lastSeq }, (_, i) => message(i + 1)),
    page: null, // when set, the messages request waits for it (a promise)
  };
  const calls = fakeFetch(t, {
    'GET /api/channels': () => ({ channels: [server.channel] }),
    [`GET /api/channels/${C}/messages`]: async () => {
      if (server.page) await server.page;
      return { messages: [...server.messages].reverse().slice(0, 50), hasMore: false };
    },
    [`GET /api/channels/${C}/members`]: { members: [{ userId: 'me', role: 'owner' }, { userId: 'bob', role: 'member' }],
      hasMore: false },
  });
  const chat = await freshImport('chat.js');
  chat.start(() => {});
  t.after(() => chat.stop());
  await settle();
  const ws = FakeWebSocket.last;
  ws.accept();
  await settle();
  answerSubscribes(ws, { lastSeq });
  await settle();
  if (open) {
    chat.open(C);
    await settle();
  }
  const count = (path) => calls.filter((c) => c.path.split('?')[0] === path).length;
  return { chat, ws, calls, count, server, warnings };
}

function answerSubscribes(ws, d) {
  for (const r of ws.requests('subscribe')) {
    if (!r.answered) {
      r.answered = true;
      ws.answer(r, d);
    }
  }
}

const seqs = () => ordered(C).map((m) => m.seq);

test('every channel in the list is subscribed from the seq the list says was last', async (t) => {
  const { ws } = await chatOn(t, { lastSeq: 5 });
  assert.deepEqual(ws.requests('subscribe').map((r) => r.d), [{ channelId: C, sinceSeq: 5 }]);
  assert.equal(state.cursors.get(C), 5);
  assert.deepEqual(seqs(), [1, 2, 3, 4, 5]);
});

test('live events are applied once: a repeated or older seq is dropped', async (t) => {
  const { ws } = await chatOn(t);
  ws.deliver(created(6));
  await settle();
  assert.deepEqual(seqs(), [1, 2, 3, 4, 5, 6]);
  assert.equal(state.cursors.get(C), 6);
  assert.equal(state.channels.get(C).unread, 1);
  assert.equal(state.channels.get(C).lastSeq, 6);

  ws.deliver(created(6)); // the same event again (a replay racing the live one)
  ws.deliver({ op: 'event', t: 'message.updated', d: { channelId: C, seq: 4, message: message(2, { text: 'stale' }) } });
  await settle();
  assert.deepEqual(seqs(), [1, 2, 3, 4, 5, 6]);
  assert.equal(state.channels.get(C).unread, 1, 'not counted twice');
  assert.equal(timeline(C).byKey.get('m2').text, 'text 2', 'an already applied seq changes nothing');
  assert.equal(state.cursors.get(C), 6);
});

test("unread counts only others' messages; a mention of me marks a channel that is not open", async (t) => {
  const { ws } = await chatOn(t, { open: false });
  ws.deliver(created(6, { senderId: 'me' }));
  ws.deliver(created(7));
  ws.deliver(created(8, { text: 'ping @alice' }));
  await settle();
  const channel = state.channels.get(C);
  assert.equal(channel.unread, 2);
  assert.equal(channel.mentioned, true);
  assert.equal(timeline(C).byKey.size, 0, 'a channel never opened keeps no timeline, only its cursor');
  assert.equal(state.cursors.get(C), 8);
});

test('a gap in seq is logged and the newest page is loaded again from REST', async (t) => {
  const { ws, count, server, warnings } = await chatOn(t);
  const pages = count(`/api/channels/${C}/messages`);
  server.messages.push(message(6), message(7), message(8));
  ws.deliver(created(6));
  await settle();
  assert.equal(count(`/api/channels/${C}/messages`), pages, 'the next seq is no gap');
  ws.deliver(created(8)); // 7 never came
  await settle();
  assert.equal(count(`/api/channels/${C}/messages`), pages + 1);
  assert.match(warnings.join('\n'), /seq gap in c1: 6 → 8/);
  assert.deepEqual(seqs(), [1, 2, 3, 4, 5, 6, 7, 8], 'the page fills the gap');
  assert.equal(state.cursors.get(C), 8);
});

test('after a reconnect the channel is resubscribed from the highest seq applied; the replay shows each message once', async (t) => {
  const { ws, count, server } = await chatOn(t);
  ws.deliver(created(6));
  await settle();
  const lists = count('/api/channels');
  ws.drop(1006);
  server.messages.push(message(6), message(7), message(8));
  server.channel = { ...server.channel, lastSeq: 8, unread: 3 }; // what the list says after the outage
  await settle();
  t.mock.timers.tick(20_000);
  const next = FakeWebSocket.last;
  assert.notEqual(next, ws, 'a new socket');
  next.accept();
  await settle();
  assert.deepEqual(next.requests('subscribe').map((r) => r.d), [{ channelId: C, sinceSeq: 6 }]);
  answerSubscribes(next, { lastSeq: 8 });
  next.deliver(created(7));
  await settle(); // the list arrives in the middle of the replay
  assert.equal(count('/api/channels'), lists + 1, 'the channel list is fetched again (user events are not replayed)');
  assert.equal(state.channels.get(C).unread, 3, "the list's count");
  next.deliver(created(6)); // at or below the cursor: dropped
  next.deliver(created(8)); // the rest of the replay, already in the list's count
  await settle();
  assert.deepEqual(seqs(), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(state.channels.get(C).unread, 3, 'the replayed messages and the list are not counted twice');
  next.deliver(created(9));
  await settle();
  assert.equal(state.channels.get(C).unread, 4, 'a message newer than the list counts');
});

test('a truncated replay (over 1000 missed) continues from lastSeq and reloads the page and the list', async (t) => {
  const { ws, count, server } = await chatOn(t);
  const pages = count(`/api/channels/${C}/messages`);
  const lists = count('/api/channels');
  server.messages = Array.from({ length: 2000 }, (_, i) => message(i + 1));
  server.channel = { ...server.channel, lastSeq: 2000, unread: 1995 };
  ws.drop(1006);
  await settle();
  t.mock.timers.tick(20_000);
  const next = FakeWebSocket.last;
  next.accept();
  await settle();
  answerSubscribes(next, { lastSeq: 2000, truncated: true });
  await settle();
  assert.equal(state.cursors.get(C), 2000);
  assert.equal(count(`/api/channels/${C}/messages`), pages + 1);
  assert.ok(count('/api/channels') >= lists + 1);
  assert.deepEqual(seqs(), Array.from({ length: 50 }, (_, i) => 1951 + i), 'the newest page, as REST has it');
  assert.equal(state.channels.get(C).unread, 1995, "the list's exact count");
  next.deliver(created(1500));
  next.deliver(created(2001));
  await settle();
  assert.equal(seqs().length, 51);
  assert.equal(seqs()[50], 2001);
});

test('events arriving while a page loads wait in a buffer and are applied on top of it', async (t) => {
  const { chat, ws, server } = await chatOn(t, { open: false });
  let release;
  server.page = new Promise((resolve) => { release = resolve; });
  chat.open(C);
  await settle();
  assert.equal(timeline(C).loading, true);
  ws.deliver(created(6));
  ws.deliver({ op: 'event', t: 'reaction.added', d: { channelId: C, seq: 7, messageId: 'm5', userId: 'bob', emoji: '👍' } });
  await settle();
  release();
  await settle();
  assert.deepEqual(seqs(), [1, 2, 3, 4, 5, 6], 'the live message is not lost under the page');
  assert.deepEqual(timeline(C).byKey.get('m5').reactions, { '👍': ['bob'] });
  assert.equal(state.cursors.get(C), 7);
});

test('channel.left forgets the channel, its cursor and its timeline, and unsubscribes', async (t) => {
  const { ws } = await chatOn(t);
  state.activeChannelId = C;
  ws.deliver({ op: 'event', t: 'channel.left', d: { channelId: C } });
  await settle();
  assert.equal(state.channels.has(C), false);
  assert.equal(state.cursors.has(C), false);
  assert.equal(state.timelines.has(C), false);
  assert.equal(state.activeChannelId, null);
  assert.deepEqual(ws.requests('unsubscribe').map((r) => r.d), [{ channelId: C }]);
});

test("a command.response (the bot's ephemeral answer) shows in its channel's timeline without a seq", async (t) => {
  const { ws } = await chatOn(t);
  ws.deliver({ op: 'event', t: 'command.response', d: { invocationId: 'i1', channelId: C, command: 'weather',
    botId: 'bot', text: 'Sunny', ephemeral: true } });
  await settle();
  const answer = ordered(C).at(-1);
  assert.equal(answer.text, 'Sunny');
  assert.equal(answer.ephemeral, true);
  assert.equal(answer.senderId, 'bot');
  assert.equal(state.cursors.get(C), 5, 'not a channel event: the cursor stays');
  ws.deliver(created(6));
  await settle();
  assert.deepEqual(ordered(C).slice(-2).map((m) => m.key), ['answer:i1', 'm6'], 'later messages come after it');
});

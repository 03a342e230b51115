// outbox.js: messages on their way. Shown at once as pending; sent with one clientMsgId that every retry reuses; one
// at a time per channel in the order written (channels side by side); after a RATE_LIMITED the queue waits and paces.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { JS, freshImport, settle } from './support/browser.js';
import { ParleyError } from '../../main/resources/META-INF/resources/js/errors.js';

const { state, timeline, ordered, putMessage } = await import(new URL('store.js', JS).href);
const { notices } = await import(new URL('notices.js', JS).href);

/** A socket whose answers the test gives, one request at a time. */
class ScriptedSocket {
  isOpen = true;
  requests = [];
  request(op, d) {
    return new Promise((resolve, reject) => this.requests.push({ op, d, resolve, reject }));
  }
  /** Texts of the requests not answered yet, in the order they were sent. */
  get inFlight() {
    return this.requests.filter((r) => !r.done).map((r) => r.d.text);
  }
  find(text) {
    const r = this.requests.find((q) => q.d.text === text && !q.done);
    assert.ok(r, `"${text}" is in flight (in flight: ${JSON.stringify(this.inFlight)})`);
    return r;
  }
  async ok(text, seq) {
    const r = this.find(text);
    r.done = true;
    r.resolve({ messageId: `m-${text}`, seq, createdAt: '2024-01-01T00:00:00Z' });
    await settle();
  }
  async fail(text, code, extra = {}) {
    const r = this.find(text);
    r.done = true;
    r.reject(new ParleyError(code, `${code} for ${text}`, extra));
    await settle();
  }
}

let clock = 1_700_000_000_000;
async function outboxOn(t, socket = new ScriptedSocket()) {
  // every test starts far past the previous one, so the rate limiter (shared, like in the page) is idle again
  clock += 3_600_000;
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: clock });
  const { outbox } = await freshImport('outbox.js'); // its own queue and timer
  outbox.attach(socket);
  return { outbox, socket };
}

const pendingOf = (channelId) => ordered(channelId).filter((m) => m.pending).map((m) => m.text);

beforeEach(() => {
  state.timelines.clear();
  state.me = { id: 'me', username: 'alice' };
  notices.length = 0;
});

test('a message shows at once as pending and is confirmed by the ok with its id and seq', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'hello');
  assert.deepEqual(pendingOf('A'), ['hello']);
  const [request] = socket.requests;
  assert.equal(request.op, 'send');
  assert.deepEqual(Object.keys(request.d).sort(), ['channelId', 'clientMsgId', 'text']);
  assert.match(request.d.clientMsgId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await socket.ok('hello', 41);
  const [message] = ordered('A');
  assert.equal(message.id, 'm-hello');
  assert.equal(message.seq, 41);
  assert.equal(message.pending, false);
  assert.equal(timeline('A').byKey.size, 1);
});

test("a channel's messages go one at a time in the order written; channels go side by side", async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'a1');
  outbox.send('A', 'a2');
  outbox.send('B', 'b1');
  outbox.send('A', 'a3');
  outbox.send('B', 'b2');
  assert.deepEqual(socket.inFlight, ['a1', 'b1'], 'the oldest of each channel, no more');
  await socket.ok('b1', 1);
  assert.deepEqual(socket.inFlight, ['a1', 'b2'], 'B moves on without waiting for A');
  await socket.ok('a1', 1);
  assert.deepEqual(socket.inFlight, ['b2', 'a2']);
  await socket.ok('a2', 2);
  await socket.ok('b2', 2);
  await socket.ok('a3', 3);
  assert.deepEqual(socket.inFlight, []);
  assert.deepEqual(ordered('A').map((m) => [m.text, m.seq]), [['a1', 1], ['a2', 2], ['a3', 3]]);
});

test('at most 8 sends are unanswered at once, so a surprise RATE_LIMITED cannot be followed by 10 more', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  for (let c = 1; c <= 12; c++) outbox.send(`C${c}`, `c${c}`);
  assert.deepEqual(socket.inFlight, ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'], 'eight channels side by side');
  await socket.ok('c3', 1);
  assert.deepEqual(socket.inFlight, ['c1', 'c2', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'], 'an answer lets the next go');
  for (const text of ['c1', 'c2', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']) await socket.fail(text, 'RATE_LIMITED', { retryAfterMs: 100 });
  assert.deepEqual(socket.inFlight, [], 'refused: nothing goes during the pause');
  assert.equal(socket.requests.filter((r) => r.done).length, 9, 'eight refusals at most before the page knew');
});

test('replies and attachments go as ids; nothing goes while the socket is closed, flush() sends it', async (t) => {
  const socket = new ScriptedSocket();
  socket.isOpen = false;
  const { outbox } = await outboxOn(t, socket);
  outbox.send('A', 'with file', { replyTo: 'm-9', attachments: [{ id: 'f1', name: 'a.png' }, { id: 'f2' }] });
  assert.deepEqual(socket.requests, []);
  assert.deepEqual(pendingOf('A'), ['with file'], 'still shown as pending');
  socket.isOpen = true;
  outbox.flush();
  assert.equal(socket.requests.length, 1);
  assert.equal(socket.requests[0].d.replyTo, 'm-9');
  assert.deepEqual(socket.requests[0].d.attachments, ['f1', 'f2']);
});

test('a send lost with the socket is sent again after the reconnect with the same clientMsgId, still first', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'a1');
  outbox.send('A', 'a2');
  const first = socket.requests[0].d.clientMsgId;
  socket.isOpen = false;
  await socket.fail('a1', 'DISCONNECTED');
  assert.deepEqual(socket.inFlight, [], 'nothing is sent while disconnected');
  assert.deepEqual(pendingOf('A'), ['a1', 'a2']);
  socket.isOpen = true;
  outbox.flush(); // what chat.js does once the new socket is ready
  assert.deepEqual(socket.inFlight, ['a1'], 'a1 again, and a2 still behind it');
  assert.equal(socket.requests[1].d.clientMsgId, first, 'the same clientMsgId: the server answers with the same message');
  await socket.ok('a1', 1);
  assert.deepEqual(socket.inFlight, ['a2']);
});

test('the message.created arriving before the ok confirms the message; the late ok adds no copy', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'fast');
  const { clientMsgId } = socket.requests[0].d;
  putMessage('A', { id: 'm-fast', seq: 8, clientMsgId, text: 'fast', senderId: 'me', reactions: {} });
  await socket.ok('fast', 8);
  assert.deepEqual(ordered('A').map((m) => [m.id, m.pending]), [['m-fast', false]]);
});

test('RATE_LIMITED: one notice, the whole queue waits retryAfterMs, the same message goes first, then paced', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'a1');
  outbox.send('A', 'a2');
  outbox.send('B', 'b1');
  await socket.fail('a1', 'RATE_LIMITED', { retryAfterMs: 2000 });
  await socket.fail('b1', 'RATE_LIMITED', { retryAfterMs: 2000 });
  assert.deepEqual(notices.map((n) => n.text), ['Sending too fast: waiting 2 s'], 'told once, not per message');
  // the pause ends at 2 s, but the sends at 0 s already count: the next goes 1.25 × 2 s after them
  t.mock.timers.tick(2499);
  await settle();
  assert.deepEqual(socket.inFlight, [], 'nothing during the pause and its pacing');
  t.mock.timers.tick(1);
  await settle();
  assert.deepEqual(socket.inFlight, ['a1'], 'a1 again (not a2); b1 waits its turn');
  const ids = socket.requests.filter((r) => r.d.text === 'a1').map((r) => r.d.clientMsgId);
  assert.equal(new Set(ids).size, 1, 'the retry reuses the clientMsgId');
  t.mock.timers.tick(2499);
  await settle();
  assert.deepEqual(socket.inFlight, ['a1'], 'paced: 1.25 × 2000 ms between sends, across channels');
  t.mock.timers.tick(1);
  await settle();
  assert.deepEqual(socket.inFlight, ['a1', 'b1']);
  await socket.ok('a1', 1);
  assert.deepEqual(socket.inFlight, ['b1'], 'a2 is paced too');
  t.mock.timers.tick(2500);
  await settle();
  assert.deepEqual(socket.inFlight, ['b1', 'a2']);
  t.mock.timers.tick(10_000);
  await socket.ok('b1', 1);
  await socket.ok('a2', 2);
  outbox.send('A', 'a3');
  assert.deepEqual(socket.inFlight, ['a3'], '10 s after the RATE_LIMITED the pacing is over');
});

test('UNAVAILABLE is retried with growing waits; after five tries the message fails and the next one goes', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'a1');
  outbox.send('A', 'a2');
  for (let tries = 1; tries < 5; tries++) {
    await socket.fail('a1', 'UNAVAILABLE');
    t.mock.timers.tick(2000 * tries - 1);
    await settle();
    assert.deepEqual(socket.inFlight, [], `waiting after try ${tries}`);
    t.mock.timers.tick(1);
    await settle();
    assert.deepEqual(socket.inFlight, ['a1'], `try ${tries + 1} after ${2000 * tries} ms`);
  }
  await socket.fail('a1', 'UNAVAILABLE');
  const failed = timeline('A').byKey.get(socket.requests[0].d.clientMsgId);
  assert.equal(failed.failed, true);
  assert.equal(failed.pending, false);
  assert.equal(failed.error, 'The service is unavailable right now; try again shortly');
  assert.deepEqual(socket.inFlight, ['a2'], 'the channel is not stuck behind a failed message');
});

test('a refused message fails at once with a readable reason; retry() sends it again, discard() drops it', async (t) => {
  const { outbox, socket } = await outboxOn(t);
  outbox.send('A', 'secret');
  const { clientMsgId } = socket.requests[0].d;
  await socket.fail('secret', 'FORBIDDEN', {});
  const failed = timeline('A').byKey.get(clientMsgId);
  assert.equal(failed.failed, true);
  assert.equal(failed.error, 'You are not allowed to do that: FORBIDDEN for secret');
  assert.equal(notices.length, 1);
  outbox.retry(clientMsgId);
  assert.equal(timeline('A').byKey.get(clientMsgId).pending, true);
  assert.deepEqual(socket.inFlight, ['secret']);
  assert.equal(socket.requests[1].d.clientMsgId, clientMsgId);
  await socket.fail('secret', 'FORBIDDEN');
  outbox.discard(clientMsgId);
  assert.equal(timeline('A').byKey.size, 0);
});

// socket.js: requests matched to replies by id, DISCONNECTED for whatever was in flight when the socket dropped,
// reconnect with full jitter (floor 1 s after 1001/4029) and resubscribe from the store's cursors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeWebSocket, JS, settle } from './support/browser.js';

const { ParleySocket } = await import(new URL('socket.js', JS).href);

function socketFor(t, options = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 1_700_000_000_000 });
  t.mock.method(console, 'info', () => {}); // "the socket closed (…)"
  const states = [];
  const terminal = [];
  const socket = new ParleySocket({
    token: () => 'tok en',
    renewToken: async () => {},
    checkAccount: async () => 'ok',
    cursorOf: () => undefined,
    onEvent: () => {},
    onState: (s, info) => states.push({ s, ...info }),
    onReady: () => {},
    onSubscribed: () => {},
    onTerminal: (code) => terminal.push(code),
    ...options,
  });
  t.after(() => socket.stop());
  return { socket, states, terminal };
}

/** A socket past its hello, and the gateway's end of it. */
async function connected(t, options) {
  const opened = socketFor(t, options);
  opened.socket.connect();
  const ws = FakeWebSocket.last;
  ws.accept();
  await settle();
  return { ...opened, ws };
}

test('connects to /ws with the access token as the only URL parameter; requests wait for hello', async (t) => {
  const { socket } = socketFor(t);
  socket.connect();
  const ws = FakeWebSocket.last;
  assert.equal(ws.url, 'ws://localhost:8080/ws?access_token=tok%20en');
  await assert.rejects(socket.request('typing', {}), { code: 'DISCONNECTED' });
  ws.accept();
  await settle();
  assert.equal(socket.isOpen, true);
});

test('replies are matched by id, whatever order they come in; an error reply carries code and retryAfterMs', async (t) => {
  const { socket, ws } = await connected(t);
  const first = socket.request('send', { text: 'one' });
  const second = socket.request('send', { text: 'two' });
  const [r1, r2] = ws.requests('send');
  assert.notEqual(r1.id, r2.id);
  ws.answer(r2, { seq: 2 });
  ws.answer(r1, { code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 700 });
  assert.deepEqual(await second, { seq: 2 });
  await assert.rejects(first, { code: 'RATE_LIMITED', retryAfterMs: 700, message: 'slow down' });
});

test('requests in flight when the socket drops fail with DISCONNECTED', async (t) => {
  const { socket, ws } = await connected(t);
  const inFlight = socket.request('send', { text: 'lost?' }).then(() => 'answered', (e) => e.code);
  ws.drop(1006);
  const outcome = await Promise.race([inFlight, settle().then(() => 'still waiting')]);
  assert.equal(outcome, 'DISCONNECTED', 'failed at once, not left waiting for the 30 s request timeout');
});

test('reconnect delays grow with each failure, with full jitter, capped at 15 s; 1001 waits at least 1 s', async (t) => {
  t.mock.method(Math, 'random', () => 0.999999); // the top of every jitter range
  const { states, ws } = await connected(t);
  ws.drop(1006);
  await settle();
  const delays = [];
  for (let attempt = 1; attempt <= 7; attempt++) {
    const reconnecting = states.filter((s) => s.s === 'reconnecting' && s.delayMs != null);
    delays.push(Math.round(reconnecting[reconnecting.length - 1].delayMs));
    const before = FakeWebSocket.instances.length;
    t.mock.timers.tick(delays[delays.length - 1] - 1);
    assert.equal(FakeWebSocket.instances.length, before, 'not before the delay');
    t.mock.timers.tick(1);
    assert.equal(FakeWebSocket.instances.length, before + 1, 'a new socket after the delay');
    FakeWebSocket.last.drop(1006); // refused again (checkAccount says ok)
    await settle();
  }
  assert.deepEqual(delays, [1250, 2250, 4250, 8250, 15250, 15250, 15250]);

  FakeWebSocket.last.accept();
  await settle();
  assert.equal(states[states.length - 1].s, 'open');
  t.mock.method(Math, 'random', () => 0); // the bottom of the range
  FakeWebSocket.last.drop(1001); // the gateway shuts down
  await settle();
  assert.equal(states[states.length - 1].delayMs, 1000, 'a restarting gateway is not stormed');
});

test('4003 and 4009 end the session without reconnecting', async (t) => {
  for (const code of [4003, 4009]) {
    const { terminal, ws } = await connected(t);
    const count = FakeWebSocket.instances.length;
    ws.drop(code);
    await settle();
    t.mock.timers.tick(60_000);
    assert.deepEqual(terminal, [code]);
    assert.equal(FakeWebSocket.instances.length, count, 'no reconnect');
    t.mock.timers.reset();
  }
});

test('after a reconnect every subscribed channel is subscribed again from its cursor', async (t) => {
  const cursors = new Map([['c1', 17], ['c2', undefined]]);
  const { socket } = await connected(t, { cursorOf: (id) => cursors.get(id) });
  socket.subscribe('c1');
  socket.subscribe('c2');
  FakeWebSocket.last.requests('subscribe').forEach((r) => FakeWebSocket.last.answer(r, { lastSeq: 17 }));
  cursors.set('c1', 42);
  FakeWebSocket.last.drop(1006);
  await settle();
  t.mock.timers.tick(20_000);
  FakeWebSocket.last.accept();
  await settle();
  assert.deepEqual(FakeWebSocket.last.requests('subscribe').map((r) => r.d),
    [{ channelId: 'c1', sinceSeq: 42 }, { channelId: 'c2' }]);
});

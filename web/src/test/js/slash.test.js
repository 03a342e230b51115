// slash.js: the composer's command list after "/", and what only the caller sees — the command it sent (the send's
// ok is {invocationId, command}, no message) and the bot's ephemeral answer (command.response), in memory only.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { JS, freshImport, settle } from './support/browser.js';

const { state, timeline, ordered, putMessage } = await import(new URL('store.js', JS).href);
const slash = await import(new URL('slash.js', JS).href);

const C = 'c1';
const weather = { name: 'weather', usage: '[city]', description: 'The weather', botId: 'bot' };
const wiki = { name: 'wiki', usage: '', description: 'Look it up', botId: 'bot' };
const remind = { name: 'remind', usage: 'me [when]', description: 'Reminders', botId: 'bot2' };

beforeEach(() => {
  state.timelines.clear();
  state.channels.clear();
  state.cursors.clear();
  state.me = { id: 'me', username: 'alice' };
  state.channels.set(C, { id: C });
  state.cursors.set(C, 5);
});

test('the list opens on "/" and narrows while the name is typed; a space, "//" or other text closes it', () => {
  assert.equal(slash.typedPrefix('/'), '');
  assert.equal(slash.typedPrefix('/We'), 'we');
  assert.equal(slash.typedPrefix('/weather '), null);
  assert.equal(slash.typedPrefix('//wea'), null);
  assert.equal(slash.typedPrefix('hello /we'), null);
  assert.equal(slash.typedPrefix(''), null);
  const commands = [wiki, weather, remind];
  assert.deepEqual(slash.suggestions(commands, '').map((c) => c.name), ['remind', 'weather', 'wiki']);
  assert.deepEqual(slash.suggestions(commands, 'w').map((c) => c.name), ['weather', 'wiki']);
  assert.deepEqual(slash.suggestions(commands, 'wi').map((c) => c.name), ['wiki']);
  assert.deepEqual(slash.suggestions(commands, 'x'), []);
  const many = Array.from({ length: 20 }, (_, i) => ({ name: `c${String(i).padStart(2, '0')}` }));
  assert.equal(slash.suggestions(many, 'c').length, 8);
  assert.equal(slash.completion(weather), '/weather ');
});

test("a channel's commands are asked once, shown when they arrive, and asked again after a minute", async () => {
  let now = 0;
  const asked = [];
  const catalog = new slash.CommandCatalog(async (id) => { asked.push(id); return { commands: [weather] }; }, () => now);
  const loaded = [];
  assert.deepEqual(catalog.get(C, (c) => loaded.push(c)), [], 'nothing known yet');
  catalog.get(C);
  await settle();
  assert.deepEqual(asked, [C], 'one request while the first is on its way');
  assert.deepEqual(loaded, [[weather]]);
  assert.deepEqual(catalog.get(C), [weather]);
  now = 30_000;
  catalog.get(C);
  assert.equal(asked.length, 1, 'fresh for a minute');
  now = 61_000;
  assert.deepEqual(catalog.get(C), [weather], 'the known list meanwhile');
  await settle();
  assert.equal(asked.length, 2);
  const failing = new slash.CommandCatalog(async () => { throw new Error('503'); }, () => now);
  assert.deepEqual(failing.get('c2'), []);
  await settle();
  assert.deepEqual(failing.get('c2'), [], 'a failed request leaves no list, and no unhandled rejection');
});

test('a command sent becomes a note only the caller sees, where it was sent, not a message', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_800_000_000_000 });
  const requests = [];
  const socket = { isOpen: true, request: (op, d) => new Promise((resolve) => requests.push({ op, d, resolve })) };
  const { outbox } = await freshImport('outbox.js');
  outbox.attach(socket);
  putMessage(C, { id: 'm5', seq: 5, channelId: C, senderId: 'bob', text: 'five', reactions: {} });
  outbox.send(C, '/weather Paris');
  assert.equal(requests[0].d.text, '/weather Paris');
  requests[0].resolve({ invocationId: 'inv-1', command: 'weather' });
  await settle();
  const entries = ordered(C);
  assert.equal(entries.length, 2);
  const note = entries[1];
  assert.equal(note.key, 'invocation:inv-1');
  assert.equal(note.ephemeral, true);
  assert.equal(note.pending, false);
  assert.equal(note.text, '/weather Paris');
  assert.equal(note.id, null, 'no message id: nothing was posted');
  assert.ok(![...timeline(C).byKey.keys()].includes(undefined));

  // a later message of the channel comes after the note
  state.cursors.set(C, 6);
  putMessage(C, { id: 'm6', seq: 6, channelId: C, senderId: 'bob', text: 'six', reactions: {} });
  assert.deepEqual(ordered(C).map((m) => m.key), ['m5', 'invocation:inv-1', 'm6']);
});

test("the bot's ephemeral answer shows in its channel once, and is dismissed on request", () => {
  putMessage(C, { id: 'm5', seq: 5, channelId: C, senderId: 'bob', text: 'five', reactions: {} });
  const d = { invocationId: 'inv-2', channelId: C, command: 'weather', botId: 'bot', text: 'Sunny', ephemeral: true };
  slash.answered(d);
  slash.answered(d); // the same event twice
  slash.answered({ ...d, channelId: 'not-mine', invocationId: 'inv-3' });
  const answers = ordered(C).filter((m) => m.ephemeral);
  assert.equal(answers.length, 1);
  assert.equal(answers[0].senderId, 'bot');
  assert.equal(answers[0].text, 'Sunny');
  assert.equal(answers[0].answer, true);
  assert.equal(state.timelines.has('not-mine'), false, 'an answer for a channel not in the list is dropped');
  slash.dismiss(C, 'm5');
  assert.equal(timeline(C).byKey.has('m5'), true, 'a real message is never dismissed');
  slash.dismiss(C, answers[0].key);
  assert.deepEqual(ordered(C).map((m) => m.key), ['m5']);
});

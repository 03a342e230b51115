// Keeps the store in step with the server: channel list, subscriptions and cursors, history pages, live events in
// seq order (each applied once), read markers, typing and presence.
import * as api from './api.js';
import * as auth from './auth.js';
import { ParleySocket } from './socket.js';
import { state, changed, timeline, applyToTimeline, putMessage, rememberUser, mentionsMe } from './store.js';
import { notify } from './notices.js';
import { outbox } from './outbox.js';
import * as activity from './activity.js';
import * as rate from './ratelimit.js';
import { CallEngine } from './calls.js';
import * as slash from './slash.js';

const PAGE = 50;
export let socket = null;
/** The calls (calls.js); window.parleyCalls in the page. */
export let calls = null;
let terminalHandler = () => {};

/** Starts syncing for the signed-in user; onTerminal(closeCode) when the session ends (ban, revocation, expiry). */
export function start(onTerminal) {
  terminalHandler = onTerminal;
  socket = new ParleySocket({
    token: auth.accessToken,
    renewToken: auth.renew,
    checkAccount,
    cursorOf: (id) => state.cursors.get(id),
    onEvent,
    onState: (s, info) => { state.connection = { state: s, ...info }; changed('connection'); },
    onReady: () => {
      refreshChannels();
      outbox.flush();
      activity.watchPresence();
      calls.resume();
      if (state.activeChannelId) calls.refresh(state.activeChannelId);
    },
    onSubscribed,
    onTerminal: (code) => terminalHandler(code),
  });
  calls = new CallEngine({
    // a signal waits out a RATE_LIMITED (paced like a message) rather than being lost; the rest fail at once
    request: (op, d) => (op === 'call.signal' ? call(op, d) : socket.request(op, d)),
    sessionId: () => socket.hello?.sessionId,
    userId: () => state.me.id,
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
    PeerConnection: globalThis.RTCPeerConnection,
    onChange: () => changed('call'),
    notify,
  });
  outbox.attach(socket);
  activity.attach(socket);
  auth.onRenewed((token) => socket.renewToken(token));
  refreshChannels();
  socket.connect();
}

export function stop() {
  calls?.leave(); // its call.leave is on the wire before the socket closes
  socket?.stop();
}

async function checkAccount() {
  try {
    await api.me();
    return 'ok';
  } catch (e) {
    if (e.status === 403) return 'banned';
    return e.status === 401 ? 'expired' : 'ok';
  }
}

/** The authoritative channel list and unread counts; run at start and after every reconnect (user events are not replayed). */
export async function refreshChannels() {
  // only channels known before asking can be missing from the answer because we left them; one that a
  // channel.joined or a create added meanwhile is simply newer than the list
  const knownBefore = new Set(state.channels.keys());
  // a marker the server has not confirmed goes first, so that the list's unread counts are measured from it
  await activity.sendOwedReads();
  let body;
  try {
    body = await api.myChannels();
  } catch (e) {
    notify(e);
    return;
  }
  const seen = new Set();
  for (const c of body.channels) {
    seen.add(c.id);
    const known = state.channels.get(c.id);
    // a `read` still on its way is newer than the list's marker
    const read = known && known.readSeq > c.readSeq ? {} : { unread: c.unread, readSeq: c.readSeq };
    addChannel(c, { listLastSeq: c.lastSeq, role: c.role, ...read });
  }
  for (const id of knownBefore) if (!seen.has(id)) dropChannel(id);
  changed('channels');
}

/** A channel known from a REST answer (created, joined, DM) before its channel.joined arrives. */
export function adoptChannel(channel) {
  addChannel(channel, { listLastSeq: channel.lastSeq ?? 0 });
}

function addChannel(c, extra = {}) {
  const known = state.channels.get(c.id);
  const { id, type, name, topic, visibility, createdAt, lastSeq, memberCount, peerId } = c;
  const fields = { id, type, name, topic, visibility, createdAt, lastSeq, memberCount, peerId: peerId ?? known?.peerId };
  const channel = { unread: 0, readSeq: 0, listLastSeq: lastSeq ?? 0, ...known, ...fields, ...extra };
  channel.lastSeq = Math.max(known?.lastSeq ?? 0, c.lastSeq ?? 0, state.cursors.get(c.id) ?? 0);
  state.channels.set(c.id, channel);
  if (!state.cursors.has(c.id)) state.cursors.set(c.id, c.lastSeq ?? 0);
  if (!socket.subscriptions.has(c.id)) socket.subscribe(c.id).catch(notify);
  if (channel.type === 'dm' && !channel.peerId) loadMembers(c.id);
  changed('channels');
}

function dropChannel(id) {
  state.channels.delete(id);
  state.cursors.delete(id);
  state.timelines.delete(id);
  socket.unsubscribe(id);
  if (state.activeChannelId === id) state.activeChannelId = null;
  changed('channels');
  changed('timeline');
}

function onSubscribed(channelId, ok) {
  if (ok.truncated) {
    // over 1000 missed: no replay; continue from lastSeq and page the history again
    state.cursors.set(channelId, ok.lastSeq);
    const t = timeline(channelId);
    if (t.loaded) loadNewest(channelId);
    refreshChannels();
  }
}

function onEvent(frame) {
  const d = frame.d || {};
  if (frame.t?.startsWith('call.')) return calls.onEvent(frame.t, d); // ephemeral: no seq
  if (d.seq != null && d.channelId && frame.t !== 'mention') return onChannelEvent(frame.t, d);
  switch (frame.t) {
    case 'channel.joined':
      addChannel(d.channel, { listLastSeq: d.channel.lastSeq });
      break;
    case 'channel.left':
      dropChannel(d.channelId);
      break;
    case 'read.updated':
      updateChannel(d.channelId, { readSeq: d.readSeq, unread: d.unread });
      break;
    case 'mention':
      if (d.channelId !== state.activeChannelId) updateChannel(d.channelId, { mentioned: true });
      break;
    case 'typing':
      if (d.userId !== state.me.id) activity.showTyping(d.channelId, d.userId);
      break;
    case 'command.response':
      slash.answered(d);
      break;
    case 'presence.updated':
      state.presence.set(d.userId, d.status);
      changed('presence');
      break;
    default:
      break;
  }
}

function onChannelEvent(type, d) {
  const channel = state.channels.get(d.channelId);
  const cursor = state.cursors.get(d.channelId);
  if (!channel || (cursor != null && d.seq <= cursor)) return; // already applied: a replay racing a page, or a resend
  if (cursor != null && d.seq > cursor + 1) {
    // the contract promises no gap; should one appear, the page from REST is the truth
    console.warn(`Parley: seq gap in ${d.channelId}: ${cursor} → ${d.seq}`);
    if (timeline(d.channelId).loaded) loadNewest(d.channelId);
  }
  state.cursors.set(d.channelId, d.seq);
  channel.lastSeq = Math.max(channel.lastSeq, d.seq);
  if (type === 'message.created') countIfUnread(channel, d);
  if (type.startsWith('member.')) memberEvent(type, d);
  if (type === 'channel.updated') Object.assign(channel, d.channel);
  const t = timeline(d.channelId);
  if (t.loading) t.buffer.push([type, d]);
  else if (t.loaded) applyToTimeline(d.channelId, type, d);
  if (type === 'message.created') activity.stopTyping(d.channelId, d.message.senderId);
  changed('channels');
  if (d.channelId === state.activeChannelId) changed('timeline');
}

function countIfUnread(channel, d) {
  const m = d.message;
  // the list's unread already counts what its lastSeq covers; only later messages add to it
  if (m.senderId === state.me.id || d.seq <= channel.listLastSeq || d.seq <= channel.readSeq) return;
  channel.unread += 1;
  if (mentionsMe(m.text) && channel.id !== state.activeChannelId) channel.mentioned = true;
}

function memberEvent(type, d) {
  const members = state.members.get(d.channelId);
  const channel = state.channels.get(d.channelId);
  if (type === 'member.left') {
    members?.delete(d.userId);
    channel.memberCount = Math.max(0, (channel.memberCount || 1) - 1);
  } else {
    if (type === 'member.joined') channel.memberCount = (channel.memberCount || 0) + 1;
    if (!state.users.has(d.userId)) loadMembers(d.channelId);
    members?.set(d.userId, d.role);
  }
  changed('users');
}

function updateChannel(id, fields) {
  const channel = state.channels.get(id);
  if (!channel) return;
  Object.assign(channel, fields);
  changed('channels');
}

/** Opens a channel: its newest page (once), its members, and the read marker. */
export function open(channelId) {
  state.activeChannelId = channelId;
  updateChannel(channelId, { mentioned: false });
  const t = timeline(channelId);
  if (!t.loaded && !t.loading) loadNewest(channelId);
  if (!state.members.has(channelId)) loadMembers(channelId);
  calls.refresh(channelId);
  changed('timeline');
  changed('typing');
}

/** The newest page; live events arriving meanwhile wait in a buffer and are applied on top (they are idempotent). */
export async function loadNewest(channelId) {
  const t = timeline(channelId);
  t.loading = true;
  t.buffer = [];
  try {
    const page = await api.messages(channelId, { limit: PAGE });
    const pending = [...t.byKey.values()].filter((m) => m.pending || m.failed || m.ephemeral);
    t.byKey = new Map(pending.map((m) => [m.key, m]));
    page.messages.forEach((m) => putMessage(channelId, m));
    t.hasMore = page.hasMore;
    t.loaded = true;
    t.buffer.forEach(([type, d]) => applyToTimeline(channelId, type, d));
  } catch (e) {
    notify(e);
    if (e.code === 'NOT_FOUND' && state.activeChannelId === channelId) state.activeChannelId = null;
  } finally {
    t.loading = false;
    t.buffer = [];
    changed('timeline');
  }
}

/** The page just older than the oldest loaded message (scrolling up). */
export async function loadOlder(channelId) {
  const t = timeline(channelId);
  if (!t.loaded || !t.hasMore || t.loadingOlder) return;
  const oldest = Math.min(...[...t.byKey.values()].filter((m) => m.seq != null).map((m) => m.seq));
  if (!Number.isFinite(oldest)) return;
  t.loadingOlder = true;
  try {
    const page = await api.messages(channelId, { before: oldest, limit: PAGE });
    page.messages.forEach((m) => t.byKey.has(m.id) || putMessage(channelId, m));
    t.hasMore = page.hasMore;
  } catch (e) {
    notify(e);
  } finally {
    t.loadingOlder = false;
    changed('timeline');
  }
}

export async function loadMembers(channelId) {
  const roles = new Map();
  let after;
  try {
    for (let page = 0; page < 10; page++) {
      const body = await api.members(channelId, after, 100);
      body.members.forEach((m) => { rememberUser({ id: m.userId, ...m }); roles.set(m.userId, m.role); });
      if (!body.hasMore || !body.members.length) break;
      after = body.members[body.members.length - 1].userId;
    }
  } catch (e) {
    if (e.code !== 'NOT_FOUND') notify(e);
    return;
  }
  state.members.set(channelId, roles);
  const channel = state.channels.get(channelId);
  if (channel?.type === 'dm') channel.peerId = [...roles.keys()].find((id) => id !== state.me.id) || state.me.id;
  changed('users');
  changed('channels');
  activity.watchPresence();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A rate-limited socket request (edit, delete, react): it waits while the commands are paused or paced
 * (ratelimit.js), and a RATE_LIMITED answer waits the retryAfterMs it names, then tries again (three times).
 */
export async function call(op, d, attempt = 0) {
  for (let wait = rate.waitMs(); wait > 0; wait = rate.waitMs()) await sleep(wait);
  rate.sent();
  try {
    return await socket.request(op, d);
  } catch (e) {
    if (e.code !== 'RATE_LIMITED' || attempt >= 3) throw e;
    if (rate.limited(e.retryAfterMs)) {
      notify(`Slow down: retrying in ${Math.ceil((e.retryAfterMs || 1000) / 1000)} s`, { kind: 'info', ms: 3000 });
    }
    return call(op, d, attempt + 1);
  }
}

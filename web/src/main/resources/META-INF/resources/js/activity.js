// What people do around the messages: read markers, typing, presence.
import { state, changed, unreadInTimeline } from './store.js';

const TYPING_SHOWN_MS = 6000;
let socket = null;

export function attach(s) {
  socket = s;
}

/**
 * Sends `read` for what the user has seen; the badge drops at once, the server's marker follows. Each channel waits
 * 300 ms for more of the same (scrolling sends one `read`, not one per message); a channel's wait never cancels
 * another's. A marker stays owed until the server confirms it: one whose `read` never went out or was lost with the
 * socket (a gateway that went away within those 300 ms) goes out again after the reconnect, before the channel list
 * is asked for again (the list keeps a local marker ahead of the server's as a `read` still on its way, and without
 * the resend it would keep it for good: the unread count of everything that came while away stayed at zero).
 */
const readTimers = new Map();
/** channelId → the seq of a marker the server has not confirmed yet. */
const owedReads = new Map();
/** Answers that leave it unknown whether the marker was stored: the `read` goes out again. */
const RETRIED = new Set(['DISCONNECTED', 'UNAVAILABLE']);
const OWED_READS_WAIT_MS = 5000;

export function markRead(channelId, seq) {
  const channel = state.channels.get(channelId);
  if (!channel || seq <= channel.readSeq) return;
  channel.readSeq = seq;
  channel.unread = unreadInTimeline(channelId, seq);
  owedReads.set(channelId, seq);
  changed('channels');
  clearTimeout(readTimers.get(channelId));
  readTimers.set(channelId, setTimeout(() => {
    readTimers.delete(channelId);
    sendRead(channelId);
  }, 300));
}

function sendRead(channelId) {
  const seq = owedReads.get(channelId);
  if (seq == null) return Promise.resolve();
  if (!state.channels.has(channelId)) {
    owedReads.delete(channelId);
    return Promise.resolve();
  }
  const settled = () => { if (owedReads.get(channelId) === seq) owedReads.delete(channelId); };
  return socket.request('read', { channelId, seq }).then(settled, (e) => { if (!RETRIED.has(e?.code)) settled(); });
}

/**
 * Sends every marker still owed now (after a reconnect, before the channel list is fetched again); resolves once each
 * is answered, or after 5 s.
 */
export function sendOwedReads() {
  if (!owedReads.size || !socket?.isOpen) return Promise.resolve();
  for (const timer of readTimers.values()) clearTimeout(timer);
  readTimers.clear();
  const all = Promise.all([...owedReads.keys()].map(sendRead));
  return Promise.race([all, new Promise((resolve) => { setTimeout(resolve, OWED_READS_WAIT_MS); })]);
}

let lastTypingSent = 0;
export function typing(channelId) {
  // the server drops more than one per 3 s anyway; not sending them saves the frames
  if (Date.now() - lastTypingSent < 3000 || !socket.isOpen) return;
  lastTypingSent = Date.now();
  socket.request('typing', { channelId }).catch(() => {});
}

export function showTyping(channelId, userId) {
  if (!state.typing.has(channelId)) state.typing.set(channelId, new Map());
  state.typing.get(channelId).set(userId, Date.now() + TYPING_SHOWN_MS);
  changed('typing');
  setTimeout(() => changed('typing'), TYPING_SHOWN_MS + 50);
}

export function stopTyping(channelId, userId) {
  if (state.typing.get(channelId)?.delete(userId)) changed('typing');
}

/** Presence of DM peers and the open channel's members (≤ 500), again after every reconnect. */
let watched = '';
export async function watchPresence() {
  const ids = new Set();
  for (const c of state.channels.values()) if (c.peerId) ids.add(c.peerId);
  for (const id of state.members.get(state.activeChannelId)?.keys() || []) ids.add(id);
  ids.delete(state.me.id);
  const list = [...ids].slice(0, 500);
  const key = `${state.connection.hello?.sessionId}|${list.sort().join(',')}`;
  if (!list.length || key === watched || !socket.isOpen) return;
  watched = key;
  try {
    const ok = await socket.request('presence.watch', { userIds: list });
    ok.presence.forEach((p) => state.presence.set(p.userId, p.status));
    changed('presence');
  } catch {
    watched = '';
  }
}

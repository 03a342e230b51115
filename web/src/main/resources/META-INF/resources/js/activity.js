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
 * another's, or the first channel's marker would stay behind on the server while the page believes it sent
 * (the channel list keeps a local marker ahead of the server's as a `read` still on its way).
 */
const readTimers = new Map();
export function markRead(channelId, seq) {
  const channel = state.channels.get(channelId);
  if (!channel || seq <= channel.readSeq) return;
  channel.readSeq = seq;
  channel.unread = unreadInTimeline(channelId, seq);
  changed('channels');
  clearTimeout(readTimers.get(channelId));
  readTimers.set(channelId, setTimeout(() => {
    readTimers.delete(channelId);
    const c = state.channels.get(channelId);
    if (c) socket.request('read', { channelId, seq: c.readSeq }).catch(() => {});
  }, 300));
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

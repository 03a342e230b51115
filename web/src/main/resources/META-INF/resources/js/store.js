// The client's state and the pure rules that fold contract events into it; views listen for changes by topic.

export const state = {
  me: null,
  channels: new Map(), // id → channel + {lastSeq, readSeq, unread, role, listLastSeq, mentioned, peerId}
  cursors: new Map(), // channelId → highest channel-event seq applied (the sinceSeq for a resubscribe)
  timelines: new Map(), // channelId → {byKey, loaded, loading, buffer, hasMore}
  members: new Map(), // channelId → Map userId → role
  users: new Map(), // userId → {id, username, displayName}
  presence: new Map(), // userId → status
  typing: new Map(), // channelId → Map userId → expiry (ms)
  activeChannelId: null,
  connection: { state: 'connecting' },
};

const listeners = new Map();
const dirty = new Set();
let scheduled = false;

/** Calls fn when a topic changes: channels, timeline, typing, presence, connection, users, notice. */
export function on(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, []);
  listeners.get(topic).push(fn);
}

/** Marks a topic changed; listeners run once per animation frame however many changes came in. */
export function changed(topic) {
  dirty.add(topic);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    const topics = [...dirty];
    dirty.clear();
    topics.forEach((t) => (listeners.get(t) || []).forEach((fn) => fn()));
  });
}

export function timeline(channelId) {
  let t = state.timelines.get(channelId);
  if (!t) {
    t = { byKey: new Map(), loaded: false, loading: false, buffer: [], hasMore: true };
    state.timelines.set(channelId, t);
  }
  return t;
}

/**
 * Messages of a timeline in display order: by seq, pending ones (no seq yet) last in the order they were sent;
 * entries only this user sees (slash.js: afterSeq, between two seqs) where they arrived.
 */
export function ordered(channelId) {
  return [...timeline(channelId).byKey.values()].sort((a, b) =>
    (a.seq ?? a.afterSeq ?? Infinity) - (b.seq ?? b.afterSeq ?? Infinity) || a.sentAt - b.sentAt);
}

export function rememberUser(user) {
  if (!user?.id) return;
  const known = state.users.get(user.id);
  if (!known || known.username !== user.username || known.displayName !== user.displayName) {
    state.users.set(user.id, { id: user.id, username: user.username, displayName: user.displayName || user.username });
    changed('users');
  }
}

export function nameOf(userId) {
  const user = state.users.get(userId);
  return user ? user.displayName || user.username : 'someone';
}

/** What to call a channel: its name, or for a DM the other person. */
export function channelTitle(channel) {
  if (channel.type !== 'dm') return channel.name;
  return channel.peerId ? nameOf(channel.peerId) : 'Direct message';
}

/** Puts a message from REST or an event into a loaded timeline, replacing the pending copy it confirms. */
export function putMessage(channelId, message) {
  const t = timeline(channelId);
  if (message.clientMsgId && t.byKey.has(message.clientMsgId)) t.byKey.delete(message.clientMsgId);
  const known = t.byKey.get(message.id);
  t.byKey.set(message.id, { ...known, ...message, key: message.id, pending: false, failed: false, sentAt: known?.sentAt || 0 });
}

/**
 * Folds one channel event into a loaded timeline. Applying an event again, or after a REST page that already shows
 * it, changes nothing: that is what lets a page load race live events safely.
 */
export function applyToTimeline(channelId, type, d) {
  const t = timeline(channelId);
  const message = d.messageId ? t.byKey.get(d.messageId) : null;
  switch (type) {
    case 'message.created':
    case 'message.updated':
      putMessage(channelId, { ...d.message, clientMsgId: d.message.clientMsgId });
      break;
    case 'message.deleted':
      if (message) Object.assign(message, { deleted: true, text: '', attachments: [] });
      break;
    case 'reaction.added':
    case 'reaction.removed': {
      if (!message) break;
      const reactions = { ...(message.reactions || {}) };
      const users = new Set(reactions[d.emoji] || []);
      if (type === 'reaction.added') users.add(d.userId);
      else users.delete(d.userId);
      if (users.size) reactions[d.emoji] = [...users];
      else delete reactions[d.emoji];
      message.reactions = reactions;
      break;
    }
    default:
      return;
  }
  if (message) t.byKey.set(message.key, { ...message });
}

/** Unread count from what is loaded: others' live messages above the read marker. */
export function unreadInTimeline(channelId, readSeq) {
  let count = 0;
  for (const m of timeline(channelId).byKey.values()) {
    if (m.seq > readSeq && !m.deleted && m.senderId !== state.me.id) count += 1;
  }
  return count;
}

export function mentionsMe(text) {
  if (!text || !state.me) return false;
  const name = state.me.username.toLowerCase();
  return text.toLowerCase().split(/[^a-z0-9_.@-]+/).some((w) => w === `@${name}` || w === `@${name}.`);
}

// Messages on their way. Each is shown at once as pending and sent with one clientMsgId that every retry reuses, so
// a resend after a lost socket never makes a second message; the `ok` or the `message.created`, whichever comes
// first, confirms it.
import { state, timeline, changed } from './store.js';
import { uuid } from './dom.js';
import { describe } from './errors.js';
import { notify } from './notices.js';

const UNAVAILABLE_RETRIES = 5;
const queue = [];
let socket = null;

export const outbox = {
  attach(s) {
    socket = s;
  },

  /** attachments: media bodies from the upload ({id, name, size, contentType}). */
  send(channelId, text, { replyTo, attachments = [] } = {}) {
    const entry = { channelId, text, replyTo, attachments, clientMsgId: uuid(), tries: 0 };
    timeline(channelId).byKey.set(entry.clientMsgId, {
      key: entry.clientMsgId, clientMsgId: entry.clientMsgId, channelId, senderId: state.me.id, text, replyTo,
      attachments, reactions: {}, createdAt: new Date().toISOString(), sentAt: Date.now(), pending: true,
    });
    queue.push(entry);
    changed('timeline');
    deliver(entry);
  },

  /** Sends again whatever is still waiting (after every reconnect). */
  flush() {
    queue.forEach(deliver);
  },

  retry(clientMsgId) {
    const message = findPending(clientMsgId);
    if (!message) return;
    const entry = { channelId: message.channelId, text: message.text, replyTo: message.replyTo,
      attachments: message.attachments, clientMsgId, tries: 0 };
    timeline(message.channelId).byKey.set(clientMsgId, { ...message, failed: false, pending: true, error: null });
    queue.push(entry);
    changed('timeline');
    deliver(entry);
  },

  discard(clientMsgId) {
    const message = findPending(clientMsgId);
    if (message) timeline(message.channelId).byKey.delete(clientMsgId);
    changed('timeline');
  },
};

function findPending(clientMsgId) {
  for (const t of state.timelines.values()) if (t.byKey.has(clientMsgId)) return t.byKey.get(clientMsgId);
  return null;
}

function deliver(entry) {
  if (entry.inFlight || !socket?.isOpen) return; // flush() picks it up once connected
  entry.inFlight = true;
  const d = { channelId: entry.channelId, text: entry.text, clientMsgId: entry.clientMsgId };
  if (entry.replyTo) d.replyTo = entry.replyTo;
  if (entry.attachments.length) d.attachments = entry.attachments.map((a) => a.id);
  socket.request('send', d).then((ok) => {
    remove(entry);
    confirm(entry, ok);
  }, (e) => {
    entry.inFlight = false;
    if (e.code === 'DISCONNECTED') return;
    if (e.code === 'RATE_LIMITED') {
      notify(`Sending too fast: waiting ${Math.ceil((e.retryAfterMs || 1000) / 1000)} s`, { kind: 'info', ms: 3000 });
      setTimeout(() => deliver(entry), e.retryAfterMs || 1000);
    } else if (e.code === 'UNAVAILABLE' && ++entry.tries < UNAVAILABLE_RETRIES) {
      setTimeout(() => deliver(entry), 2000 * entry.tries);
    } else {
      remove(entry);
      fail(entry, e);
    }
  });
}

function remove(entry) {
  const i = queue.indexOf(entry);
  if (i >= 0) queue.splice(i, 1);
}

function confirm(entry, ok) {
  const t = timeline(entry.channelId);
  const pending = t.byKey.get(entry.clientMsgId);
  if (!pending) return; // the message.created came first and already replaced it
  t.byKey.delete(entry.clientMsgId);
  if (!t.byKey.has(ok.messageId)) {
    t.byKey.set(ok.messageId, { ...pending, id: ok.messageId, key: ok.messageId, seq: ok.seq, createdAt: ok.createdAt,
      pending: false });
  }
  changed('timeline');
}

function fail(entry, error) {
  const t = timeline(entry.channelId);
  const message = t.byKey.get(entry.clientMsgId);
  if (message) t.byKey.set(entry.clientMsgId, { ...message, pending: false, failed: true, error: describe(error) });
  notify(error);
  changed('timeline');
}

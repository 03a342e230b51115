// Messages on their way. Each is shown at once as pending and sent with one clientMsgId that every retry reuses, so
// a resend after a lost socket never makes a second message; the `ok` or the `message.created`, whichever comes
// first, confirms it. A channel's messages go one at a time, in the order written (a rate-limited one is retried
// before the next goes); after a RATE_LIMITED the whole queue waits and paces itself (ratelimit.js). At most
// MAX_IN_FLIGHT sends are unanswered at once: the page learns of the gateway's limit only from a RATE_LIMITED answer,
// and every send already on its way by then can be refused too. Unbounded, a burst of answers (the oks of a batch,
// each letting the next message of its channel go) sent 25 messages into an empty bucket before the first refusal
// came back, and the gateway closed the socket for abuse (4029: more than 10 RATE_LIMITED in 10 s).
import { state, timeline, changed } from './store.js';
import { uuid } from './dom.js';
import { describe } from './errors.js';
import { notify } from './notices.js';
import * as rate from './ratelimit.js';
import { invoked } from './slash.js';

const UNAVAILABLE_RETRIES = 5;
const MAX_IN_FLIGHT = 8; // a surprise RATE_LIMITED is followed by at most 7 more: under the 11 that close the socket
const queue = [];
let socket = null;
let timer = null;
let timerAt = Infinity;

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
    pump();
  },

  /** Sends again whatever is still waiting (after every reconnect). */
  flush() {
    pump();
  },

  retry(clientMsgId) {
    const message = findPending(clientMsgId);
    if (!message) return;
    const entry = { channelId: message.channelId, text: message.text, replyTo: message.replyTo,
      attachments: message.attachments, clientMsgId, tries: 0 };
    timeline(message.channelId).byKey.set(clientMsgId, { ...message, failed: false, pending: true, error: null });
    queue.push(entry);
    changed('timeline');
    pump();
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

/**
 * Sends what may go now: the oldest waiting message of each channel, unless the queue is paused or paced or
 * MAX_IN_FLIGHT sends are unanswered (each answer pumps again).
 */
function pump() {
  if (!socket?.isOpen) return; // flush() runs again once connected
  const now = Date.now();
  const channels = new Set();
  let inFlight = queue.filter((entry) => entry.inFlight).length;
  for (const entry of queue) {
    if (inFlight >= MAX_IN_FLIGHT) return;
    if (channels.has(entry.channelId)) continue;
    channels.add(entry.channelId); // only the oldest message of a channel may go: the channel keeps its order
    if (entry.inFlight) continue;
    if (entry.notBefore > now) {
      later(entry.notBefore - now);
      continue;
    }
    const wait = rate.waitMs();
    if (wait > 0) return later(wait);
    deliver(entry);
    inFlight += 1;
  }
}

function later(ms) {
  const at = Date.now() + ms;
  if (timer && timerAt <= at) return;
  clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(() => { timer = null; timerAt = Infinity; pump(); }, ms);
}

function deliver(entry) {
  entry.inFlight = true;
  rate.sent();
  const d = { channelId: entry.channelId, text: entry.text, clientMsgId: entry.clientMsgId };
  if (entry.replyTo) d.replyTo = entry.replyTo;
  if (entry.attachments.length) d.attachments = entry.attachments.map((a) => a.id);
  socket.request('send', d).then((ok) => {
    remove(entry);
    confirm(entry, ok);
    pump();
  }, (e) => {
    entry.inFlight = false;
    if (e.code === 'DISCONNECTED') return; // flush() after the reconnect sends it again, same clientMsgId
    if (e.code === 'RATE_LIMITED') {
      if (rate.limited(e.retryAfterMs)) {
        notify(`Sending too fast: waiting ${Math.ceil((e.retryAfterMs || 1000) / 1000)} s`, { kind: 'info', ms: 3000 });
      }
    } else if (e.code === 'UNAVAILABLE' && ++entry.tries < UNAVAILABLE_RETRIES) {
      entry.notBefore = Date.now() + 2000 * entry.tries;
    } else {
      remove(entry);
      fail(entry, e);
    }
    pump();
  });
}

function remove(entry) {
  const i = queue.indexOf(entry);
  if (i >= 0) queue.splice(i, 1);
}

function confirm(entry, ok) {
  if (ok.invocationId) return invoked(entry.channelId, entry.clientMsgId, ok); // a slash command: no message
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

// The message view: newest page first, older pages when scrolled to the top, rows reused unless their message
// changed, `read` sent for what is actually on screen, and the per-message actions.
import { el, mount, formatTime, formatSize } from '../dom.js';
import { state, on, ordered, timeline, nameOf, mentionsMe } from '../store.js';
import * as chat from '../chat.js';
import * as activity from '../activity.js';
import { outbox } from '../outbox.js';
import { attachmentView } from '../media.js';
import { avatar } from './sidebar.js';
import { notify } from '../notices.js';
import * as slash from '../slash.js';

const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '👀'];
const GROUP_WITHIN_MS = 5 * 60 * 1000;

/** onReply(message): the composer shows it as the message being answered. */
export function mountMessages(list, { onReply }) {
  let rows = new Map(); // key → {message, compact, usersVersion, node}
  let usersVersion = 0;
  let shownChannel = null;
  let editing = null; // {key, draft}
  let seenSeq = 0;

  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const seq = Number(entry.target.dataset.seq);
      if (entry.isIntersecting && seq > seenSeq) seenSeq = seq;
    }
    sendRead();
  }, { root: list, threshold: 0.6 });

  function sendRead() {
    if (document.visibilityState !== 'visible' || !state.activeChannelId || !seenSeq) return;
    activity.markRead(state.activeChannelId, seenSeq);
  }
  document.addEventListener('visibilitychange', sendRead);

  const nearBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  let stuckToBottom = true;
  list.addEventListener('scroll', () => {
    stuckToBottom = nearBottom();
    if (list.scrollTop < 150 && state.activeChannelId) chat.loadOlder(state.activeChannelId);
  });
  // a thumbnail that arrives after its row grows the list: keep the newest message in view
  list.addEventListener('load', () => { if (stuckToBottom) list.scrollTop = list.scrollHeight; }, true);

  function render() {
    const channelId = state.activeChannelId;
    if (channelId !== shownChannel) {
      shownChannel = channelId;
      rows = new Map();
      seenSeq = 0;
      editing = null;
      list.replaceChildren();
    }
    if (!channelId) {
      mount(list, el('div', { class: 'placeholder' }, el('h2', { text: 'Welcome to Parley' }),
        el('p', { text: 'Pick a channel on the left, create one, or start a direct message.' })));
      return;
    }
    const t = timeline(channelId);
    const atBottom = nearBottom();
    const beforeHeight = list.scrollHeight;
    const beforeTop = list.scrollTop;
    const firstKey = list.querySelector('.msg')?.dataset.key;

    const messages = ordered(channelId);
    const wanted = [];
    wanted.push(t.loaded && !t.hasMore ? el('div', { class: 'history-start', text: 'This is the very beginning of the conversation.' })
      : t.loaded ? el('div', { class: 'history-more', text: t.loadingOlder ? 'Loading older messages…' : '' }) : null);
    if (!t.loaded) wanted.push(el('div', { class: 'placeholder', text: 'Loading…' }));
    let previous = null;
    const next = new Map();
    for (const m of messages) {
      const compact = previous && previous.senderId === m.senderId && !previous.deleted && !m.replyTo
        && !m.ephemeral && !previous.ephemeral && !m.webhook
        && Date.parse(m.createdAt) - Date.parse(previous.createdAt) < GROUP_WITHIN_MS;
      const cached = rows.get(m.key);
      const isEditing = editing?.key === m.key;
      const row = cached && cached.message === m && cached.compact === !!compact && cached.usersVersion === usersVersion
        && !isEditing && !cached.editing ? cached : { message: m, compact: !!compact, usersVersion, editing: isEditing,
        node: messageRow(channelId, m, !!compact) };
      if (row.node !== cached?.node) {
        if (cached) observer.unobserve(cached.node);
        if (m.seq != null && !m.pending) observer.observe(row.node);
      }
      next.set(m.key, row);
      wanted.push(row.node);
      previous = m;
    }
    for (const [key, row] of rows) if (!next.has(key)) observer.unobserve(row.node);
    rows = next;
    reconcile(list, wanted.filter(Boolean));

    if (atBottom) {
      list.scrollTop = list.scrollHeight;
      stuckToBottom = true;
    }
    else if (firstKey && list.querySelector('.msg')?.dataset.key !== firstKey) {
      list.scrollTop = beforeTop + (list.scrollHeight - beforeHeight); // older page above: keep the reader's place
    }
    if (t.loaded && t.hasMore && list.scrollHeight <= list.clientHeight) chat.loadOlder(channelId);
  }

  function messageRow(channelId, m, compact) {
    const mine = m.senderId === state.me.id;
    const classes = ['msg', compact && 'compact', mine && 'mine', m.pending && 'pending', m.failed && 'failed',
      m.deleted && 'deleted', m.ephemeral && 'ephemeral', mentionsMe(m.text) && !mine && 'mentions-me']
      .filter(Boolean).join(' ');
    // a webhook's post may name itself (displayName); the bot's account stays the sender
    const sender = m.webhook?.displayName || nameOf(m.senderId);
    const body = editing?.key === m.key ? editor(channelId, m) : m.deleted
      ? el('div', { class: 'text muted', text: 'This message was deleted.' })
      : m.text ? el('div', { class: 'text' }, richText(m.text)) : null;
    return el('article', { class: classes, 'data-key': m.key, 'data-seq': m.seq ?? '', 'data-message-id': m.id || '',
      'data-client-msg-id': m.clientMsgId || '' },
    compact ? el('span', { class: 'gutter-time', text: formatTime(m.createdAt).slice(-5) }) : avatar(m.senderId, sender),
    el('div', { class: 'msg-main' },
      m.replyTo ? replyQuote(channelId, m.replyTo) : null,
      compact ? null : el('div', { class: 'msg-head' },
        el('strong', { class: 'sender', text: sender }),
        m.webhook || m.invocation || m.answer ? el('span', { class: 'app-badge', text: 'app' }) : null,
        el('time', { datetime: m.createdAt, text: formatTime(m.createdAt) }),
        m.editedAt && !m.deleted ? el('span', { class: 'edited', text: '(edited)' }) : null),
      body,
      m.deleted ? null : (m.attachments || []).length
        ? el('div', { class: 'attachments' }, m.attachments.map((a) => attachmentView(a, formatSize))) : null,
      m.deleted ? null : reactions(channelId, m),
      m.invocation ? el('div', { class: 'state muted', text: `answering /${m.invocation.command} of ${nameOf(m.invocation.userId)}` })
        : null,
      m.ephemeral ? el('div', { class: 'state ephemeral-note' }, 'Only visible to you · ',
        el('button', { class: 'link', type: 'button', onclick: () => slash.dismiss(channelId, m.key) }, 'Dismiss'))
        : null,
      m.pending ? el('div', { class: 'state', text: 'Sending…' }) : null,
      m.failed ? el('div', { class: 'state error' }, m.error || 'Not sent', ' · ',
        el('button', { class: 'link', type: 'button', onclick: () => outbox.retry(m.clientMsgId) }, 'Retry'), ' · ',
        el('button', { class: 'link', type: 'button', onclick: () => outbox.discard(m.clientMsgId) }, 'Discard')) : null),
    m.pending || m.failed || m.deleted || m.ephemeral ? null : actions(channelId, m, mine));
  }

  function actions(channelId, m, mine) {
    return el('div', { class: 'msg-actions' },
      QUICK_REACTIONS.slice(0, 3).map((emoji) => el('button', { type: 'button', title: `React ${emoji}`,
        class: 'react-quick', onclick: () => react(channelId, m, emoji) }, emoji)),
      el('button', { type: 'button', title: 'Reply', class: 'reply', onclick: () => onReply(m) }, '↩'),
      mine ? el('button', { type: 'button', title: 'Edit', class: 'edit', onclick: () => startEdit(m) }, '✎') : null,
      mine ? el('button', { type: 'button', title: 'Delete', class: 'delete', onclick: () => remove(channelId, m) }, '🗑') : null);
  }

  function reactions(channelId, m) {
    const entries = Object.entries(m.reactions || {}).filter(([, users]) => users.length);
    if (!entries.length) return null;
    return el('div', { class: 'reactions' }, entries.map(([emoji, users]) => el('button', {
      type: 'button', class: `reaction${users.includes(state.me.id) ? ' mine' : ''}`,
      title: users.map(nameOf).join(', '), onclick: () => react(channelId, m, emoji),
    }, emoji, el('span', { class: 'count', text: String(users.length) }))));
  }

  function replyQuote(channelId, replyTo) {
    const original = timeline(channelId).byKey.get(replyTo);
    return el('div', { class: 'reply-quote' }, '↪ ',
      original ? [el('strong', { text: nameOf(original.senderId) }), ' ',
        el('span', { text: original.deleted ? 'deleted message' : (original.text || 'attachment').slice(0, 120) })]
        : el('span', { class: 'muted', text: 'an earlier message' }));
  }

  function editor(channelId, m) {
    const input = el('textarea', { class: 'edit-input', rows: 2, maxlength: 4000, value: editing.draft,
      oninput: (e) => { editing.draft = e.target.value; },
      onkeydown: (e) => {
        if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); saveEdit(channelId, m, input.value); }
        if (e.key === 'Escape') { editing = null; render(); }
      } });
    setTimeout(() => input.focus(), 0);
    return el('div', { class: 'editor' }, input, el('small', {}, 'Enter to save · Esc to cancel'));
  }

  function startEdit(m) {
    editing = { key: m.key, draft: m.text };
    render();
  }

  async function saveEdit(channelId, m, text) {
    editing = null;
    render();
    if (text.trim() === m.text || !text.trim()) return;
    await chat.call('edit', { channelId, messageId: m.id, text }).catch(notify);
  }

  async function remove(channelId, m) {
    if (!confirm('Delete this message?')) return;
    await chat.call('delete', { channelId, messageId: m.id }).catch(notify);
  }

  function react(channelId, m, emoji) {
    const add = !(m.reactions?.[emoji] || []).includes(state.me.id);
    chat.call('react', { channelId, messageId: m.id, emoji, add }).catch(notify);
  }

  on('timeline', render);
  on('users', () => { usersVersion += 1; render(); });
  render();
}

/** Keeps existing nodes where they are, moves or inserts the rest, removes what is gone. */
function reconcile(parent, nodes) {
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

const TOKEN = /(@[A-Za-z0-9_.-]+|https?:\/\/[^\s<>"]+)/g;

/** Text with @mentions highlighted and links clickable, built from text nodes only. */
export function richText(text) {
  return text.split(TOKEN).map((part, i) => {
    if (i % 2 === 0) return part;
    if (part.startsWith('@')) {
      const name = part.slice(1).replace(/\.$/, '');
      const me = name.toLowerCase() === state.me.username.toLowerCase();
      return el('span', { class: `mention${me ? ' mention-self' : ''}`, text: part });
    }
    return el('a', { href: part, target: '_blank', rel: 'noopener noreferrer', text: part });
  });
}

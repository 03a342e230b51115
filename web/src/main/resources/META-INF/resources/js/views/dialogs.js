// Modal dialogs: create a channel, browse and join public ones, pick a person (for a DM or an invitation).
import { el, mount } from '../dom.js';
import { state } from '../store.js';
import * as api from '../api.js';
import { describe } from '../errors.js';
import { avatar } from './sidebar.js';

const dialog = () => document.getElementById('dialog');

function openDialog(title, ...content) {
  const d = dialog();
  mount(d, el('form', { method: 'dialog', class: 'dialog-body', onsubmit: (e) => e.preventDefault() },
    el('header', {}, el('h2', { text: title }),
      el('button', { class: 'link', type: 'button', title: 'Close', onclick: () => d.close() }, '✕')),
    content));
  if (!d.open) d.showModal();
  return d;
}

const errorLine = () => el('p', { class: 'form-error', role: 'alert' });

/** onCreated(channel) after POST /api/channels. */
export function createChannelDialog(onCreated) {
  const name = el('input', { id: 'new-channel-name', required: true, maxlength: 80, placeholder: 'e.g. design-review' });
  const topic = el('input', { id: 'new-channel-topic', maxlength: 250, placeholder: 'What is it about? (optional)' });
  const isPrivate = el('input', { id: 'new-channel-private', type: 'checkbox' });
  const error = errorLine();
  const d = openDialog('Create a channel',
    el('label', {}, 'Name', name), el('label', {}, 'Topic', topic),
    el('label', { class: 'check' }, isPrivate, 'Private: only people you invite can see it'),
    error,
    el('div', { class: 'dialog-actions' }, el('button', { id: 'new-channel-create', class: 'primary', type: 'button', onclick: async () => {
      if (!name.value.trim()) { error.textContent = 'A channel needs a name'; return; }
      try {
        const channel = await api.createChannel(name.value.trim(), topic.value.trim(), isPrivate.checked ? 'private' : 'public');
        d.close();
        onCreated(channel);
      } catch (e) {
        error.textContent = describe(e);
      }
    } }, 'Create')));
  name.focus();
}

/** onJoined(channel) after joining one of GET /api/channels/public. */
export function browseDialog(onJoined) {
  const query = el('input', { id: 'browse-query', type: 'search', placeholder: 'Filter public channels' });
  const results = el('ul', { class: 'pick-list' });
  const error = errorLine();
  const d = openDialog('Public channels', query, error, results);
  async function load() {
    try {
      const { channels } = await api.publicChannels(query.value.trim());
      mount(results, channels.length ? channels.map((c) => el('li', {},
        el('div', {}, el('strong', { text: `# ${c.name}` }), el('small', { class: 'muted', text: ` ${c.memberCount ?? 0} members` }),
          c.topic ? el('div', { class: 'muted', text: c.topic }) : null),
        state.channels.has(c.id) ? el('span', { class: 'muted', text: 'Joined' })
          : el('button', { class: 'primary', type: 'button', 'data-join': c.id, onclick: async () => {
            try {
              await api.joinChannel(c.id);
              d.close();
              onJoined(c);
            } catch (e) {
              error.textContent = describe(e);
            }
          } }, 'Join'))) : el('li', { class: 'muted', text: 'No public channels match.' }));
    } catch (e) {
      error.textContent = describe(e);
    }
  }
  query.addEventListener('input', debounce(load, 250));
  load();
  query.focus();
}

/** A person picker over GET /api/auth/users; onPick(user) may throw a contract error to show. */
export function pickPersonDialog(title, actionLabel, onPick) {
  const query = el('input', { id: 'person-query', type: 'search', placeholder: 'Search people by name' });
  const results = el('ul', { class: 'pick-list' });
  const error = errorLine();
  const d = openDialog(title, query, error, results);
  async function load() {
    const text = query.value.trim();
    if (!text) { mount(results, el('li', { class: 'muted', text: 'Type a name to find someone.' })); return; }
    try {
      const { users } = await api.findUsers(text);
      const others = users.filter((u) => u.id !== state.me.id);
      mount(results, others.length ? others.map((u) => el('li', {},
        el('div', { class: 'person-row' }, avatar(u.id, u.displayName || u.username),
          el('span', {}, el('strong', { text: u.displayName || u.username }), el('small', { class: 'muted', text: ` @${u.username}` }))),
        el('button', { class: 'primary', type: 'button', 'data-pick': u.username, onclick: async () => {
          try {
            await onPick(u);
            d.close();
          } catch (e) {
            error.textContent = describe(e);
          }
        } }, actionLabel))) : el('li', { class: 'muted', text: 'Nobody by that name.' }));
    } catch (e) {
      error.textContent = describe(e);
    }
  }
  query.addEventListener('input', debounce(load, 250));
  load();
  query.focus();
}

function debounce(fn, ms) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

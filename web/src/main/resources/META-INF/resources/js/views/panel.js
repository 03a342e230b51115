// The right-hand panel: the open channel's members with presence, or search results.
import { el, mount, formatTime } from '../dom.js';
import { state, on, nameOf, channelTitle } from '../store.js';
import * as api from '../api.js';
import * as chat from '../chat.js';
import { notify } from '../notices.js';
import { avatar, dot } from './sidebar.js';
import { richText } from './messages.js';

/** open(channelId): jump to a search hit's channel. */
export function mountPanel(root, { open }) {
  let mode = null; // 'members' | 'search'
  let results = null;
  let query = '';

  const close = el('button', { class: 'link', type: 'button', title: 'Close', onclick: () => show(null) }, '✕');

  function show(next) {
    mode = next;
    root.hidden = !mode;
    render();
  }

  function render() {
    if (mode === 'members') renderMembers();
    else if (mode === 'search') renderSearch();
  }

  function renderMembers() {
    const roles = state.members.get(state.activeChannelId) || new Map();
    const people = [...roles].sort(([a], [b]) => nameOf(a).localeCompare(nameOf(b)));
    mount(root, el('header', {}, el('h2', { text: `Members · ${people.length}` }), close),
      el('ul', { class: 'people' }, people.map(([id, role]) => el('li', { 'data-user-id': id },
        avatar(id, nameOf(id)), dot(id), el('span', { class: 'person', text: nameOf(id) }),
        role !== 'member' ? el('small', { class: 'role', text: role }) : null))));
  }

  function renderSearch() {
    mount(root, el('header', {}, el('h2', {}, 'Results for ', el('q', { text: query })), close),
      results === null ? el('p', { class: 'muted', text: 'Searching…' })
        : !results.length ? el('p', { class: 'muted', text: 'No messages found.' })
          : el('ul', { class: 'results' }, results.map((m) => {
            const channel = state.channels.get(m.channelId);
            return el('li', {}, el('button', { type: 'button', class: 'result', onclick: () => open(m.channelId) },
              el('div', { class: 'result-head' }, el('strong', { text: nameOf(m.senderId) }), ' in ',
                el('span', { text: channel ? channelTitle(channel) : 'a channel' }),
                el('time', { text: formatTime(m.createdAt) })),
              el('div', { class: 'text' }, richText(m.text || ''))));
          })));
  }

  on('users', render);
  on('presence', render);
  on('channels', () => mode === 'members' && render());

  return {
    toggleMembers: () => show(mode === 'members' ? null : 'members'),
    async search(text) {
      query = text;
      results = null;
      show('search');
      try {
        results = (await api.search(text)).messages;
        // names of the senders: members of channels not opened yet are not known
        new Set(results.map((m) => m.channelId)).forEach((id) => state.members.has(id) || chat.loadMembers(id));
      } catch (e) {
        results = [];
        notify(e);
      }
      render();
    },
  };
}

// The open channel's title, topic and actions, the search box, and who is typing.
import { el, mount } from '../dom.js';
import { state, on, channelTitle, nameOf } from '../store.js';
import { dot } from './sidebar.js';

/** actions: invite(), toggleMembers(), leave(), search(text), call(), callState(channelId) → {inCall, joining, count} */
export function mountHeader(root, typingRoot, actions) {
  const search = el('input', { id: 'search-input', type: 'search', placeholder: 'Search messages', 'aria-label': 'Search messages' });
  const searchForm = el('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    if (search.value.trim()) actions.search(search.value.trim());
  } }, search);

  // the search form is mounted once: re-rendering it on every event would take the focus from someone typing
  const info = el('div', { class: 'title-block' });
  const buttons = el('div', { class: 'header-actions' });
  mount(root, info, buttons, searchForm);

  let shown = null;
  const render = () => {
    const c = state.channels.get(state.activeChannelId);
    // most events change nothing shown here; re-rendering anyway would swap buttons under the pointer
    const call = c ? actions.callState(c.id) : null;
    const key = JSON.stringify(c ? [c.id, channelTitle(c), c.topic, c.memberCount, c.visibility,
      state.presence.get(c.peerId), call] : null);
    if (key === shown) return;
    shown = key;
    if (!c) {
      mount(info, el('h1', { class: 'title', text: 'Parley' }));
      mount(buttons);
      return;
    }
    const isDm = c.type === 'dm';
    mount(info,
      el('h1', { class: 'title', id: 'channel-title' },
        isDm ? dot(c.peerId) : el('span', { class: 'hash', text: c.visibility === 'private' ? '🔒' : '#' }),
        el('span', { text: channelTitle(c) })),
      c.topic ? el('p', { class: 'topic', text: c.topic }) : null);
    mount(buttons,
      call.inCall ? null : el('button', { class: call.count ? 'primary call-join' : 'ghost', type: 'button', id: 'call-start',
        title: call.count ? 'Join the call going on here' : 'Start a call', disabled: call.joining, onclick: actions.call },
      call.count ? `📞 Join call · ${call.count}` : '📞 Call'),
      isDm ? null : el('button', { class: 'ghost', type: 'button', id: 'members-toggle', title: 'Members',
        onclick: actions.toggleMembers }, `👥 ${c.memberCount ?? ''}`),
      isDm ? null : el('button', { class: 'ghost', type: 'button', id: 'invite', onclick: actions.invite }, 'Invite'),
      isDm ? null : el('button', { class: 'ghost', type: 'button', id: 'leave', onclick: actions.leave }, 'Leave'));
  };

  const renderTyping = () => {
    const now = Date.now();
    const who = [...(state.typing.get(state.activeChannelId) || new Map())]
      .filter(([, until]) => until > now).map(([id]) => nameOf(id));
    const text = who.length === 0 ? '' : who.length === 1 ? `${who[0]} is typing…`
      : who.length <= 3 ? `${who.join(', ')} are typing…` : 'Several people are typing…';
    mount(typingRoot, text ? [el('span', { class: 'dots', 'aria-hidden': 'true' }, el('i'), el('i'), el('i')),
      el('span', { id: 'typing-text', text })] : null);
  };

  on('channels', render);
  on('timeline', render);
  on('users', render);
  on('presence', render);
  on('call', render);
  on('typing', renderTyping);
  on('timeline', renderTyping);
  render();
}

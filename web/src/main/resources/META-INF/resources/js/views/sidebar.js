// The channel list and DMs with unread counts, mention marks and presence dots; the signed-in user at the bottom.
import { el, mount, initials, hue } from '../dom.js';
import { state, on, channelTitle, nameOf } from '../store.js';

/** actions: open(id), createChannel(), browse(), newDm(), signOut() */
export function mountSidebar(root, actions) {
  let shown = null;
  const render = () => {
    const all = [...state.channels.values()];
    // re-render only when something shown changed (most events move only a cursor)
    const key = JSON.stringify([state.activeChannelId, nameOf(state.me.id), all.map((c) => [c.id, channelTitle(c),
      c.unread, c.mentioned, c.visibility, state.presence.get(c.peerId)])]);
    if (key === shown) return;
    shown = key;
    const byName = (a, b) => channelTitle(a).localeCompare(channelTitle(b));
    const channels = all.filter((c) => c.type !== 'dm').sort(byName);
    const dms = all.filter((c) => c.type === 'dm').sort(byName);
    mount(root,
      el('div', { class: 'workspace' }, el('span', { class: 'logo', 'aria-hidden': 'true' }), 'Parley'),
      el('nav', { class: 'lists' },
        section('Channels', [
          el('button', { class: 'icon', type: 'button', id: 'browse-channels', title: 'Browse public channels', onclick: actions.browse }, '⌕'),
          el('button', { class: 'icon', type: 'button', id: 'create-channel', title: 'Create a channel', onclick: actions.createChannel }, '+'),
        ], channels.map((c) => item(c, el('span', { class: 'hash', 'aria-hidden': 'true' }, c.visibility === 'private' ? '🔒' : '#')))),
        section('Direct messages', [
          el('button', { class: 'icon', type: 'button', id: 'new-dm', title: 'Message someone', onclick: actions.newDm }, '+'),
        ], dms.map((c) => item(c, dot(c.peerId))))),
      el('div', { class: 'me' },
        avatar(state.me.id, nameOf(state.me.id)),
        el('div', { class: 'me-name' }, el('strong', { text: nameOf(state.me.id) }), el('small', { text: `@${state.me.username}` })),
        el('button', { class: 'link', type: 'button', id: 'sign-out', onclick: actions.signOut }, 'Sign out')));
  };

  function section(title, buttons, items) {
    return el('section', {},
      el('h2', {}, el('span', { text: title }), el('span', { class: 'section-actions' }, buttons)),
      el('ul', {}, items.length ? items : el('li', { class: 'empty', text: 'None yet' })));
  }

  function item(c, icon) {
    const active = c.id === state.activeChannelId;
    const unread = active ? 0 : c.unread;
    return el('li', {},
      el('button', {
        type: 'button', class: `channel${active ? ' active' : ''}${unread ? ' has-unread' : ''}`,
        'data-channel-id': c.id, 'data-channel-name': channelTitle(c), onclick: () => actions.open(c.id),
      }, icon, el('span', { class: 'channel-name', text: channelTitle(c) }),
      c.mentioned && !active ? el('span', { class: 'mention-mark', title: 'You were mentioned', text: '@' }) : null,
      unread ? el('span', { class: 'unread', 'data-unread': unread, text: unread > 99 ? '99+' : String(unread) }) : null));
  }

  on('channels', render);
  on('users', render);
  on('presence', render);
  render();
}

export function dot(userId) {
  const status = (userId && state.presence.get(userId)) || 'offline';
  return el('span', { class: `presence ${status}`, title: status, 'data-presence': status });
}

export function avatar(userId, name) {
  return el('span', { class: 'avatar', style: `--hue:${hue(userId)}`, 'aria-hidden': 'true', text: initials(name) });
}

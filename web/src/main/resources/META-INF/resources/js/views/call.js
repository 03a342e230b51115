// The call bar (who is in the call, mute, camera, leave) and the incoming-call notice of a DM.
import { el, mount } from '../dom.js';
import { state, on, nameOf, channelTitle } from '../store.js';
import { avatar } from './sidebar.js';

/** engine: the CallEngine; actions: open(channelId), join(channelId) */
export function mountCallBar(root, engine, actions) {
  // media elements outlive renders: re-creating one would cut the sound or the picture for a moment
  const media = new Map(); // sessionId → {audio, video}
  const clock = el('span', { class: 'call-clock' });
  let preview = null; // our own camera, shown in our tile
  let since = null;
  let ticker = null;

  const mediaOf = (sessionId, stream) => {
    let m = media.get(sessionId);
    if (!m) {
      m = { audio: el('audio', { autoplay: true }), video: el('video', { autoplay: true, playsinline: true, class: 'call-video' }) };
      m.video.muted = true; // its sound plays through the audio element
      media.set(sessionId, m);
    }
    if (m.audio.srcObject !== stream) {
      m.audio.srcObject = stream;
      m.video.srcObject = stream;
    }
    return m;
  };

  const tile = (userId, sessionId, { stream, connection, me, muted }) => {
    const video = stream?.getVideoTracks?.().find((t) => t.readyState !== 'ended' && !t.muted);
    const m = stream ? mediaOf(sessionId, stream) : null;
    const shownState = me ? 'me' : connection || 'new';
    return el('li', { class: `call-tile ${shownState}`, 'data-user-id': userId, 'data-session-id': sessionId,
      'data-state': shownState },
    video ? m.video : avatar(userId, nameOf(userId)),
    m && !me ? m.audio : null,
    el('span', { class: 'call-name' }, me ? 'You' : nameOf(userId), muted ? el('span', { class: 'call-muted', title: 'Muted' }, ' 🔇') : null),
    !me && connection !== 'connected' ? el('small', { class: 'call-state', text: STATE_WORDS[connection] || 'Connecting…' }) : null);
  };

  const render = () => {
    const call = engine.call;
    root.hidden = !call && !engine.joining;
    if (!call) {
      media.clear();
      since = null;
      clearInterval(ticker);
      if (engine.joining) mount(root, el('span', { class: 'call-info', text: 'Joining the call…' }));
      return;
    }
    if (!since) {
      since = Date.now();
      ticker = setInterval(tick, 1000);
    }
    const channel = state.channels.get(call.channelId);
    const peers = call.mesh.peers;
    for (const sessionId of [...media.keys()]) {
      if (sessionId !== call.sessionId && !peers.has(sessionId)) media.delete(sessionId);
    }
    const others = [...call.participants.values()].filter((p) => p.sessionId !== call.sessionId);
    if (preview?.getVideoTracks()[0] !== call.local.video) preview = call.local.video ? new MediaStream([call.local.video]) : null;
    mount(root,
      el('div', { class: 'call-info' },
        el('span', { class: 'call-live', 'aria-hidden': 'true' }),
        el('button', { class: 'link call-channel', type: 'button', id: 'call-channel', onclick: () => actions.open(call.channelId) },
          channel ? channelTitle(channel) : 'Call'),
        clock),
      el('ul', { class: 'call-participants', id: 'call-participants' },
        tile(state.me.id, call.sessionId, { me: true, muted: call.muted || !call.local.audio, stream: preview }),
        others.map((p) => {
          const peer = peers.get(p.sessionId);
          return tile(p.userId, p.sessionId, { stream: peer?.stream, connection: peer?.state });
        })),
      el('div', { class: 'call-controls' },
        el('button', { class: `ghost${call.muted ? ' on' : ''}`, type: 'button', id: 'call-mute', 'aria-pressed': String(call.muted),
          disabled: !call.local.audio, onclick: () => engine.toggleMute() }, call.muted ? '🔇 Unmute' : '🎙 Mute'),
        el('button', { class: `ghost${call.local.video ? ' on' : ''}`, type: 'button', id: 'call-camera',
          'aria-pressed': String(!!call.local.video), onclick: () => engine.toggleCamera() },
        call.local.video ? '📷 Camera off' : '📷 Camera on'),
        el('button', { class: 'danger', type: 'button', id: 'call-leave', onclick: () => engine.leave() }, 'Leave')));
    tick();
  };

  function tick() {
    if (!since) return;
    const s = Math.floor((Date.now() - since) / 1000);
    clock.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  on('call', render);
  on('users', render);
  on('channels', render);
  render();
}

const STATE_WORDS = { new: 'Connecting…', connecting: 'Connecting…', disconnected: 'Reconnecting…', failed: 'No connection', closed: 'Gone' };

/** The notice of a DM call ringing for us: Join opens the DM and joins, Dismiss hides it. */
export function mountIncomingCalls(root, engine, actions) {
  on('call', () => mount(root, [...engine.ringing.values()].map((r) => el('div', {
    class: 'incoming-call', role: 'alertdialog', 'aria-label': 'Incoming call', 'data-channel-id': r.channelId },
  avatar(r.from, nameOf(r.from)),
  el('div', { class: 'incoming-text' }, el('strong', { text: nameOf(r.from) }), el('span', { text: 'is calling you' })),
  el('button', { class: 'primary', type: 'button', id: 'incoming-call-join', onclick: () => actions.join(r.channelId) }, 'Join'),
  el('button', { class: 'ghost', type: 'button', id: 'incoming-call-dismiss', onclick: () => engine.dismiss(r.channelId) }, 'Dismiss')))));
}

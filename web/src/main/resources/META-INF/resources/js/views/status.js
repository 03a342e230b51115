// The connection banner, the notices, and the screen shown when the server ended the session.
import { el, mount } from '../dom.js';
import { state, on } from '../store.js';
import { notices } from '../notices.js';
import { TERMINAL_CLOSES } from '../errors.js';

export function mountStatus(banner, noticeRoot, retryNow) {
  let countdown = null;
  on('connection', () => {
    const c = state.connection;
    clearInterval(countdown);
    if (c.state === 'open' || c.state === 'closed') {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    const render = () => {
      const left = c.retryAt ? Math.max(0, Math.ceil((c.retryAt - Date.now()) / 1000)) : 0;
      const what = c.state === 'connecting' ? 'Connecting…'
        : left > 0 ? `Reconnecting in ${left} s…` : 'Reconnecting…';
      mount(banner, el('span', { class: 'spinner', 'aria-hidden': 'true' }), el('span', { id: 'banner-text', text: what }),
        c.state === 'reconnecting' && left > 0 ? el('button', { class: 'link', type: 'button', onclick: retryNow }, 'Retry now') : null);
    };
    if (c.delayMs && !c.retryAt) c.retryAt = Date.now() + c.delayMs;
    render();
    countdown = setInterval(render, 1000);
  });
  on('notice', () => mount(noticeRoot, notices.map((n) =>
    el('div', { class: `notice ${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status' }, n.text))));
}

/** The clear screen after 4003 / 4009 / 4001: what happened, and a way back in. */
export function showEnded(root, code, signInAgain) {
  const why = TERMINAL_CLOSES[code] || { title: 'Disconnected', text: 'The connection was closed.' };
  mount(root, el('div', { class: 'card', id: 'ended', 'data-code': code },
    el('div', { class: 'brand' }, el('span', { class: 'logo', 'aria-hidden': 'true' }), 'Parley'),
    el('h1', { text: why.title }),
    el('p', { text: why.text }),
    el('button', { class: 'primary', type: 'button', onclick: signInAgain }, 'Sign in')));
}

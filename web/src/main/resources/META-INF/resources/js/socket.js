// The live socket (PROTOCOL §3): requests matched to replies by id, heartbeat, and reconnect with backoff and
// jitter that resubscribes every channel with the sinceSeq the store has applied, so nothing is lost or doubled.
import { ParleyError } from './errors.js';

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;
const TERMINAL = new Set([4003, 4009]);

/** States reported to onState: 'connecting', 'open', 'reconnecting' (with {attempt, delayMs}), 'closed'. */
export class ParleySocket {
  /**
   * @param options token(): the current access token; renewToken(): async, throws when the session is over;
   *   checkAccount(): async 'ok' | 'banned' | 'expired', asked when an upgrade is refused (the browser hides the
   *   HTTP status); cursorOf(channelId): highest seq applied; onEvent(frame); onState(state, info);
   *   onReady(): after every (re)connect, once all subscriptions are back; onSubscribed(channelId, ok): each
   *   subscribe's answer, before any event it replays (it may say truncated); onTerminal(closeCode).
   */
  constructor(options) {
    this.options = options;
    this.subscriptions = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.attempt = 0;
    this.ws = null;
    this.hello = null;
    this.stopped = false;
    this.reconnectTimer = null;
    window.addEventListener('online', () => this.reconnectNow());
  }

  get isOpen() {
    return this.hello !== null && this.ws?.readyState === WebSocket.OPEN;
  }

  connect() {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const previous = this.ws;
    if (previous && previous.readyState < WebSocket.CLOSING) {
      this.ws = null; // its close must not schedule another reconnect
      previous.close(1000, 'replaced');
    }
    this.options.onState(this.attempt === 0 ? 'connecting' : 'reconnecting', { attempt: this.attempt });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // the one place a token may appear in a URL: browsers cannot set headers on the upgrade (PROTOCOL §3)
    const ws = new WebSocket(`${scheme}://${location.host}/ws?access_token=${encodeURIComponent(this.options.token())}`);
    this.ws = ws;
    ws.onmessage = (e) => this.receive(ws, e.data);
    ws.onclose = (e) => this.closed(ws, e.code);
  }

  /** Sends {op, id, d}; resolves with the ok's d, rejects with a ParleyError (DISCONNECTED when not connected). */
  request(op, d = {}) {
    if (!this.isOpen) return Promise.reject(new ParleyError('DISCONNECTED', 'not connected'));
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ParleyError('UNAVAILABLE', `no answer to ${op}`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer, op });
      this.ws.send(JSON.stringify({ op, id, d }));
    });
  }

  /** Subscribes now (when connected) and after every reconnect, from the store's cursor. */
  subscribe(channelId) {
    this.subscriptions.add(channelId);
    return this.isOpen ? this.sendSubscribe(channelId) : Promise.resolve(null);
  }

  unsubscribe(channelId) {
    this.subscriptions.delete(channelId);
    if (this.isOpen) this.request('unsubscribe', { channelId }).catch(() => {});
  }

  /** Hands a renewed access token to the live socket so it is not closed 4001 at expiry. */
  renewToken(token) {
    if (this.isOpen) this.request('auth', { token }).catch(() => {});
  }

  /** Ends the socket for good (sign-out). */
  stop() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    this.ws?.close(1000, 'bye');
    this.options.onState('closed', {});
  }

  /** Drops the current socket and reconnects (used for a silent connection and by "retry now"). */
  reconnectNow() {
    if (this.stopped || this.isOpen) return;
    this.attempt = Math.max(this.attempt, 1);
    this.connect();
  }

  async sendSubscribe(channelId) {
    const sinceSeq = this.options.cursorOf(channelId);
    const d = sinceSeq == null ? { channelId } : { channelId, sinceSeq };
    const ok = await this.request('subscribe', d);
    this.options.onSubscribed(channelId, ok);
    return ok;
  }

  receive(ws, data) {
    if (ws !== this.ws) return;
    this.lastFrameAt = Date.now();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.op) {
      case 'hello':
        this.opened(frame.d);
        break;
      case 'ok':
      case 'error':
        this.settle(frame);
        break;
      case 'event':
        this.options.onEvent(frame);
        break;
      default:
        break; // pong: liveness only
    }
  }

  settle(frame) {
    const waiting = this.pending.get(frame.id);
    if (!waiting) return;
    this.pending.delete(frame.id);
    clearTimeout(waiting.timer);
    if (frame.op === 'ok') waiting.resolve(frame.d || {});
    else waiting.reject(new ParleyError(frame.d?.code || 'INTERNAL', frame.d?.message, { retryAfterMs: frame.d?.retryAfterMs }));
  }

  async opened(hello) {
    this.hello = hello;
    this.startHeartbeat(hello.heartbeatMs || 25_000);
    const ws = this.ws;
    const channels = [...this.subscriptions];
    const results = await Promise.allSettled(channels.map((id) => this.sendSubscribe(id)));
    if (ws !== this.ws) return;
    results.forEach((r, i) => {
      // a channel we were removed from while away answers NOT_FOUND/FORBIDDEN: stop asking for it
      if (r.status === 'rejected' && ['NOT_FOUND', 'FORBIDDEN'].includes(r.reason.code)) {
        this.subscriptions.delete(channels[i]);
      }
    });
    this.attempt = 0;
    this.options.onState('open', { hello });
    this.options.onReady();
  }

  async closed(ws, code) {
    if (ws !== this.ws) return;
    console.info(`Parley: the socket closed (${code})`);
    const hadHello = this.hello !== null;
    this.hello = null;
    this.stopHeartbeat();
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new ParleyError('DISCONNECTED', 'connection lost'));
    }
    this.pending.clear();
    if (this.stopped) return;
    if (TERMINAL.has(code)) return this.terminate(code);
    if (code === 4001 || !hadHello) {
      // 4001: the access token lapsed (a sleeping laptop misses the renewal); a refused upgrade: ask REST why
      const verdict = await this.options.checkAccount().catch(() => 'ok');
      if (verdict === 'banned') return this.terminate(4003);
      if (verdict === 'expired' || code === 4001) {
        try {
          await this.options.renewToken();
        } catch {
          return this.terminate(4001);
        }
      }
    }
    this.scheduleReconnect(code);
  }

  terminate(code) {
    this.stopped = true;
    this.options.onTerminal(code);
  }

  scheduleReconnect(code) {
    this.attempt += 1;
    // full jitter keeps a crowd of clients from returning in lockstep after a restart (1001) or an outage
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(this.attempt, 10));
    const floor = code === 1001 || code === 4029 ? 1000 : 250;
    const delayMs = floor + Math.random() * ceiling;
    this.options.onState('reconnecting', { attempt: this.attempt, delayMs, code });
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  startHeartbeat(heartbeatMs) {
    this.stopHeartbeat();
    this.lastFrameAt = Date.now();
    this.heartbeat = setInterval(() => {
      if (!this.isOpen) return;
      // the server answers every ping; silence this long means a dead connection the browser has not noticed
      if (Date.now() - this.lastFrameAt > 2 * heartbeatMs + 5000) {
        this.ws.close(4000, 'no frames from the server');
        return;
      }
      this.ws.send('{"op":"ping"}');
    }, heartbeatMs / 2);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
  }
}

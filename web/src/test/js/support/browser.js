// The few browser globals the client's modules reach for, as plain Node objects, so the engine can run under
// `node --test` unchanged: requestAnimationFrame (store.js batches change notifications per frame), window and
// document (listeners registered at start), sessionStorage (auth.js), location (socket.js builds the /ws URL) and a
// scriptable WebSocket. fetch is Node's own; tests replace it with fakeFetch() where REST is involved.
// Import this module before any module of the client.

/** The client's modules, as the browser loads them from the jar: META-INF/resources/js/. */
export const JS = new URL('../../../main/resources/META-INF/resources/js/', import.meta.url);

let fresh = 0;
/** A new instance of one client module (its own module-level state); its imports stay shared. */
export const freshImport = (name) => import(new URL(`${name}?fresh=${++fresh}`, JS).href);

// a microtask, not a timer: batching is kept (one run per synchronous burst) and mocked timers do not hold it back
globalThis.requestAnimationFrame ??= (fn) => queueMicrotask(() => fn(Date.now()));
globalThis.window ??= new EventTarget();
globalThis.document ??= Object.assign(new EventTarget(), { visibilityState: 'visible' });
globalThis.location ??= { protocol: 'http:', host: 'localhost:8080', reload() {} };

class MemoryStorage {
  #items = new Map();
  getItem(key) { return this.#items.has(key) ? this.#items.get(key) : null; }
  setItem(key, value) { this.#items.set(key, String(value)); }
  removeItem(key) { this.#items.delete(key); }
  clear() { this.#items.clear(); }
}
globalThis.sessionStorage ??= new MemoryStorage();

/** A WebSocket the test plays the server of: it records what the client sends and delivers frames on demand. */
export class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static instances = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeWebSocket.CONNECTING;
    this.sent = [];
    this.closedWith = null;
    FakeWebSocket.instances.push(this);
  }

  static get last() {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }

  send(data) {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data));
  }

  /** The client closes it. */
  close(code = 1005) {
    if (this.readyState >= FakeWebSocket.CLOSING) return;
    this.readyState = FakeWebSocket.CLOSED;
    this.closedWith = code;
    queueMicrotask(() => this.onclose?.({ code }));
  }

  // --- the server's side ---

  /** Accepts the upgrade and sends hello. */
  accept(hello = {}) {
    this.readyState = FakeWebSocket.OPEN;
    this.deliver({ op: 'hello', d: { sessionId: 's1', heartbeatMs: 25_000, ...hello } });
  }

  deliver(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** The server (or the network) closes the connection. */
  drop(code) {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code });
  }

  /** Requests the client sent with this op, in order. */
  requests(op) {
    return this.sent.filter((f) => f.op === op);
  }

  /** Answers a request with ok (d) or, when d has `code`, with error. */
  answer(request, d = {}) {
    this.deliver(d.code ? { op: 'error', id: request.id, d } : { op: 'ok', id: request.id, d });
  }
}
globalThis.WebSocket ??= FakeWebSocket;

/**
 * Replaces fetch with routes: {'GET /api/channels': (url, init) => body | {status, body}}; a route may be a
 * function or a fixed body. Returns the calls made ({method, path}); unknown routes answer 404 NOT_FOUND.
 */
export function fakeFetch(t, routes) {
  const calls = [];
  t.mock.method(globalThis, 'fetch', async (path, init = {}) => {
    const method = init.method || 'GET';
    calls.push({ method, path, body: init.body ? JSON.parse(init.body) : undefined });
    const key = Object.keys(routes).find((k) => {
      const [m, p] = k.split(' ');
      return m === method && (p === path.split('?')[0]);
    });
    if (!key) return json(404, { code: 'NOT_FOUND', message: `no route ${method} ${path}` });
    const route = routes[key];
    const answer = typeof route === 'function' ? await route(path, init) : route;
    return answer && answer.status ? json(answer.status, answer.body) : json(200, answer);
  });
  return calls;
}

function json(status, body) {
  return new Response(status === 204 ? null : JSON.stringify(body ?? {}), {
    status, headers: { 'Content-Type': 'application/json' },
  });
}

/** Lets every pending promise chain run (fetch answers, awaits in the engine); timers stay untouched. */
export async function settle(rounds = 10) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

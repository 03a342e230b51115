// Parley's client contract (PROTOCOL.md) as the k6 scripts use it: REST calls through the gateway, the /ws socket
// and its frames. Every parameter comes from the environment (k6 run -e NAME=value), with defaults for a local stack.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { WebSocket } from 'k6/websockets';
import { setInterval, clearInterval, IntervalID, setTimeout, clearTimeout, TimeoutID } from 'k6/timers';
import { Counter } from 'k6/metrics';
import { backoffMs, DEFAULT_LIMITS, Limits, overLimits, refreshDelayMs, slotMs } from './pacing.ts';

/** Sockets closed by the server (or lost) and opened again; reconnects that gave up; token refreshes. */
const reconnects = new Counter('parley_ws_reconnects');
const gaveUp = new Counter('parley_ws_gave_up');
const refreshes = new Counter('parley_token_refreshes');

/** The gateway's base URL; REST lives under /api. */
export const BASE_URL = env('PARLEY_BASE_URL', 'http://localhost:8080').replace(/\/+$/, '');
/** The WebSocket endpoint, derived from BASE_URL unless given. */
export const WS_URL = env('PARLEY_WS_URL', BASE_URL.replace(/^http/, 'ws') + '/ws');
/** Password of every user the scripts register (they are load-test users, never real ones). */
const PASSWORD = env('PARLEY_K6_PASSWORD', 'k6-load-test-password');
/** Names users k6_<run>_<role>_<n>; the same run id reuses the users of an earlier run (register answers 409). */
export const RUN_ID = env('PARLEY_RUN_ID', Date.now().toString(36));

export function env(name: string, fallback: string): string {
    const value = __ENV[name];
    return value === undefined || value === '' ? fallback : value;
}

export function envInt(name: string, fallback: number): number {
    const value = parseInt(env(name, String(fallback)), 10);
    if (isNaN(value)) {
        fail(`${name} must be a whole number`);
    }
    return value;
}

/**
 * The gateway's limits this run paces itself under: its defaults (those of `./parley up`), or raised ones given as
 * PARLEY_LIMIT_* when the gateway runs with raised PARLEY_GATEWAY_LIMITS_* (docs/load-testing.md).
 */
export const LIMITS: Limits = {
    commandRate: envInt('PARLEY_LIMIT_COMMAND_RATE', DEFAULT_LIMITS.commandRate),
    commandBurst: envInt('PARLEY_LIMIT_COMMAND_BURST', DEFAULT_LIMITS.commandBurst),
    socketsPerUser: envInt('PARLEY_LIMIT_SOCKETS_PER_USER', DEFAULT_LIMITS.socketsPerUser),
    socketsPerIp: envInt('PARLEY_LIMIT_SOCKETS_PER_IP', DEFAULT_LIMITS.socketsPerIp),
    handshakesPerSecond: envInt('PARLEY_LIMIT_HANDSHAKES_PER_SECOND', DEFAULT_LIMITS.handshakesPerSecond),
    handshakeBurst: envInt('PARLEY_LIMIT_HANDSHAKE_BURST', DEFAULT_LIMITS.handshakeBurst),
    registerPerMinute: envInt('PARLEY_LIMIT_REGISTER_PER_MINUTE', DEFAULT_LIMITS.registerPerMinute),
    registerBurst: envInt('PARLEY_LIMIT_REGISTER_BURST', DEFAULT_LIMITS.registerBurst),
};

/** What a VU needs of a logged-in user; refresh() replaces both tokens (rotation). */
export interface User {
    id: string;
    username: string;
    accessToken: string;
    refreshToken: string;
    /** epoch ms at which accessToken expires */
    expiresAt: number;
}

interface TokenResponse {
    accessToken: string;
    refreshToken: string;
    expiresIn: number;
    user: { id: string; username: string };
}

function userOf(body: TokenResponse): User {
    return {
        id: body.user.id, username: body.user.username, accessToken: body.accessToken,
        refreshToken: body.refreshToken, expiresAt: Date.now() + body.expiresIn * 1000,
    };
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function authHeaders(token: string): Record<string, string> {
    return { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
}

/** POST /api/auth/login; the request is tagged name=login so thresholds can select it. */
export function login(username: string): User {
    const res = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ username, password: PASSWORD }),
        { headers: JSON_HEADERS, tags: { name: 'login' } });
    if (!check(res, { 'login 200': (r) => r.status === 200 })) {
        fail(`login of ${username} answered ${res.status}: ${res.body}`);
    }
    return userOf(res.json() as unknown as TokenResponse);
}

/**
 * POST /api/auth/refresh: a new pair for the user (the old refresh token is spent). False when it failed (the
 * user then keeps the old access token until it expires).
 */
export function refresh(user: User): boolean {
    const res = http.post(`${BASE_URL}/api/auth/refresh`, JSON.stringify({ refreshToken: user.refreshToken }),
        { headers: JSON_HEADERS, tags: { name: 'refresh' } });
    if (!check(res, { 'refresh 200': (r) => r.status === 200 })) {
        return false;
    }
    Object.assign(user, userOf(res.json() as unknown as TokenResponse));
    refreshes.add(1);
    return true;
}

/**
 * Keeps a user's access token fresh for a soak run: refreshes before expiry (refreshDelayMs), then calls onFresh
 * (a LiveSocket sends the auth frame with it, or the socket would be closed 4001 at expiry). Returns the stop.
 */
export function keepFresh(user: User, onFresh: () => void): () => void {
    let timer: TimeoutID | undefined;
    const schedule = (): void => {
        timer = setTimeout(() => {
            if (refresh(user)) {
                onFresh();
            }
            schedule();
        }, refreshDelayMs(Date.now(), user.expiresAt));
    };
    schedule();
    return () => {
        if (timer !== undefined) {
            clearTimeout(timer);
        }
    };
}

/** Logs in a user registered by an earlier run with the same PARLEY_RUN_ID; undefined when there is none. */
function loginExisting(username: string): User | undefined {
    const res = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ username, password: PASSWORD }),
        { headers: JSON_HEADERS, tags: { name: 'login' }, responseCallback: http.expectedStatuses(200, 401) });
    return res.status === 200 ? userOf(res.json() as unknown as TokenResponse) : undefined;
}

/**
 * Logs in, or registers and logs in. Registration is limited per client IP (20 per minute, burst 60 by default), and
 * k6 registers from one address: the index-th registration of this run waits for its slot (pacing.slotMs), so a first
 * run with many users takes a while (3 s per user beyond the first 48 at the defaults). A rerun with the same
 * PARLEY_RUN_ID only logs in (no registration), as fast as auth-service hashes passwords.
 */
export function ensureUser(role: string, n: number): User {
    const username = `k6_${RUN_ID}_${role}_${n}`.slice(0, 32);
    const existing = loginExisting(username);
    if (existing) {
        return existing;
    }
    const slot = slotMs(registrations++, LIMITS.registerPerMinute / 60, LIMITS.registerBurst);
    const wait = slot - (Date.now() - firstRegistration());
    if (wait > 0) {
        sleep(wait / 1000);
    }
    // the per-IP bucket may not be full (an earlier run from this address): wait as its 429 asks
    for (let attempt = 1; ; attempt++) {
        const res = http.post(`${BASE_URL}/api/auth/register`,
            JSON.stringify({ username, password: PASSWORD, displayName: `k6 ${role} ${n}` }),
            { headers: JSON_HEADERS, tags: { name: 'register' }, responseCallback: http.expectedStatuses(201, 409, 429) });
        if (res.status === 201 || res.status === 409) {
            return login(username);
        }
        if (res.status !== 429 || attempt >= 40) {
            fail(`register ${username} answered ${res.status}: ${res.body}`);
        }
        sleep(Math.max(1, parseInt(res.headers['Retry-After'] || '3', 10) || 3));
    }
}

let registrations = 0;
let registrationsStarted = 0;

function firstRegistration(): number {
    if (registrationsStarted === 0) {
        registrationsStarted = Date.now();
    }
    return registrationsStarted;
}

export function ensureUsers(role: string, count: number): User[] {
    const users: User[] = [];
    for (let n = 0; n < count; n++) {
        users.push(ensureUser(role, n));
    }
    return users;
}

/** POST /api/channels: a public channel owned by the caller. */
export function createChannel(owner: User, name: string): string {
    const res = http.post(`${BASE_URL}/api/channels`, JSON.stringify({ name, visibility: 'public' }),
        { headers: authHeaders(owner.accessToken), tags: { name: 'create-channel' } });
    if (res.status !== 201) {
        fail(`create channel answered ${res.status}: ${res.body}`);
    }
    return (res.json() as { id: string }).id;
}

/** POST /api/channels/{id}/join (204). */
export function joinChannel(user: User, channelId: string): void {
    const res = http.post(`${BASE_URL}/api/channels/${channelId}/join`, null,
        { headers: authHeaders(user.accessToken), tags: { name: 'join-channel' } });
    if (res.status !== 204) {
        fail(`join of ${user.username} answered ${res.status}: ${res.body}`);
    }
}

/** POST /api/dms: the DM channel of two users (201 created, 200 existing). */
export function openDm(user: User, other: User): string {
    const res = http.post(`${BASE_URL}/api/dms`, JSON.stringify({ userId: other.id }),
        { headers: authHeaders(user.accessToken), tags: { name: 'open-dm' } });
    if (res.status !== 201 && res.status !== 200) {
        fail(`DM ${user.username} → ${other.username} answered ${res.status}: ${res.body}`);
    }
    return (res.json() as { id: string }).id;
}

/** One WebSocket frame of PROTOCOL §3, either direction. */
export interface Frame {
    op: string;
    id?: string | null;
    t?: string;
    d?: Record<string, unknown>;
    replay?: boolean;
}

/** The message object inside message.created events (PROTOCOL §2). */
export interface ChatMessage {
    id: string;
    senderId: string;
    text: string;
    clientMsgId?: string;
}

/** Callbacks of one socket; onHello runs each time the server's first frame arrived (again after a reconnect). */
export interface SocketHandlers {
    onHello(hello: Record<string, unknown>, reconnected: boolean): void;
    onFrame?(frame: Frame): void;
    /** The socket is gone for good: closed by close(), or the reconnects gave up. */
    onClose?(): void;
}

/** Reconnect backoff: from 500 ms, doubling, at most 30 s, with jitter; after this many failures in a row, give up. */
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 30_000;
const RECONNECT_ATTEMPTS = envInt('PARLEY_RECONNECT_ATTEMPTS', 8);

/**
 * Opens /ws with the access token in the Authorization header and parses every text frame; pings at the heartbeat the
 * hello announces (any frame counts as liveness), so idle sockets are not closed 4008. A socket the server closes (1001
 * when a gateway stops, 4001 at token expiry, a lost connection) opens again after a backoff with jitter, with a
 * refreshed token when it is near expiry, and subscribes again with sinceSeq: the events it missed are replayed.
 * The token is kept fresh (keepFresh) for runs longer than its 15 minutes, and each fresh one is sent as an auth frame.
 */
export function connect(user: User, handlers: SocketHandlers, options: SocketOptions = {}): Socket {
    return new Socket(user, handlers, { reconnect: options.reconnect ?? true, refresh: options.refresh ?? true });
}

/**
 * reconnect: open again after a close the client did not ask for (default true). refresh: keep the token fresh and
 * refresh it before reconnecting (default true); only for a user whose tokens this VU alone holds, as refresh tokens
 * rotate and reusing a spent one revokes the user's whole session family.
 */
export interface SocketOptions {
    reconnect?: boolean;
    refresh?: boolean;
}

/** A client socket that reconnects: numbered request frames, subscriptions with their last seq, the heartbeat. */
export class Socket {
    private ws: WebSocket | undefined;
    private nextId = 0;
    private heartbeat: IntervalID | undefined;
    private failures = 0;
    private greeted = false;
    private closing = false;
    /** channelId → the highest seq seen (undefined until the subscribe's ok or an event tells) */
    private readonly channels = new Map<string, number | undefined>();
    private readonly pendingSubscribes = new Map<string, string>();
    private readonly stopRefreshing: () => void;

    constructor(private readonly user: User, private readonly handlers: SocketHandlers,
                private readonly options: Required<SocketOptions>) {
        this.stopRefreshing = options.refresh
            ? keepFresh(user, () => {
                if (this.greeted) {
                    this.request('auth', { token: user.accessToken });
                }
            })
            : () => undefined;
        this.open();
    }

    /** Sends {op, id, d} and returns the id its ok or error will carry. */
    request(op: string, d: Record<string, unknown>): string {
        const id = `${__VU}-${++this.nextId}`;
        if (this.isOpen()) {
            (this.ws as WebSocket).send(JSON.stringify({ op, id, d }));
        }
        return id;
    }

    /** Whether frames can be sent now (false while reconnecting). */
    isOpen(): boolean {
        return this.ws !== undefined && this.ws.readyState === 1;
    }

    /** Subscribes now and after every reconnect, then with sinceSeq = the last seq seen. */
    subscribe(channelId: string): string {
        if (!this.channels.has(channelId)) {
            this.channels.set(channelId, undefined);
        }
        const since = this.channels.get(channelId);
        const id = this.request('subscribe', since === undefined ? { channelId } : { channelId, sinceSeq: since });
        this.pendingSubscribes.set(id, channelId);
        return id;
    }

    close(): void {
        this.closing = true;
        this.stopHeartbeat();
        this.stopRefreshing();
        this.ws?.close(1000);
    }

    private open(): void {
        const ws = new WebSocket(WS_URL, null, { headers: { Authorization: `Bearer ${this.user.accessToken}` } });
        this.ws = ws;
        let helloSeen = false;
        ws.onmessage = (event) => {
            if (!event || typeof event.data !== 'string') {
                return;
            }
            const frame = JSON.parse(event.data) as Frame;
            if (frame.op === 'hello') {
                helloSeen = true;
                const reconnected = this.greeted;
                this.greeted = true;
                this.failures = 0;
                this.startHeartbeat(Number((frame.d || {}).heartbeatMs) || 25000);
                if (reconnected) {
                    reconnects.add(1);
                    for (const channelId of Array.from(this.channels.keys())) {
                        this.subscribe(channelId);
                    }
                }
                this.handlers.onHello(frame.d || {}, reconnected);
                return;
            }
            this.track(frame);
            if (this.handlers.onFrame) {
                this.handlers.onFrame(frame);
            }
        };
        ws.onclose = () => {
            this.stopHeartbeat();
            if (this.closing || !this.options.reconnect) {
                this.stopRefreshing();
                this.handlers.onClose?.();
                return;
            }
            // k6 does not tell the close code: a refused upgrade (429, 401) and a server close look alike
            this.failures = helloSeen ? 1 : this.failures + 1;
            if (this.failures > RECONNECT_ATTEMPTS) {
                gaveUp.add(1);
                this.stopRefreshing();
                this.handlers.onClose?.();
                return;
            }
            if (this.options.refresh && (this.user.expiresAt - Date.now() < 60_000 || this.failures >= 2)) {
                refresh(this.user);
            }
            setTimeout(() => this.open(), backoffMs(this.failures, RECONNECT_BASE_MS, RECONNECT_MAX_MS, Math.random));
        };
    }

    /** The highest seq of each subscribed channel, for the sinceSeq of the next subscribe. */
    private track(frame: Frame): void {
        const d = frame.d || {};
        if (frame.op === 'ok' && frame.id && this.pendingSubscribes.has(frame.id)) {
            const channelId = this.pendingSubscribes.get(frame.id) as string;
            this.pendingSubscribes.delete(frame.id);
            if (this.channels.get(channelId) === undefined && typeof d.lastSeq === 'number') {
                this.channels.set(channelId, d.lastSeq);
            }
        } else if (frame.op === 'error' && frame.id) {
            this.pendingSubscribes.delete(frame.id);
        } else if (frame.op === 'event' && typeof d.channelId === 'string' && typeof d.seq === 'number'
            && this.channels.has(d.channelId)) {
            this.channels.set(d.channelId, Math.max(this.channels.get(d.channelId) ?? 0, d.seq));
        }
    }

    private startHeartbeat(heartbeatMs: number): void {
        this.stopHeartbeat();
        this.heartbeat = setInterval(() => this.ws?.send(JSON.stringify({ op: 'ping' })), heartbeatMs);
    }

    private stopHeartbeat(): void {
        if (this.heartbeat !== undefined) {
            clearInterval(this.heartbeat);
            this.heartbeat = undefined;
        }
    }
}

/**
 * When the VU of the index-th socket of a run may open it: every VU opens at once otherwise, and the gateway allows
 * 20 handshakes per second per client IP (burst 40) by default.
 */
export function handshakeSlotMs(index: number): number {
    return slotMs(index, LIMITS.handshakesPerSecond, LIMITS.handshakeBurst);
}

/**
 * Stops the run before it starts when its parameters exceed the gateway's limits (LIMITS): it would measure 429s and
 * RATE_LIMITED answers instead of Parley. The message says what to raise on the gateway and which PARLEY_LIMIT_* to
 * give k6 then.
 */
export function requireUnderLimits(run: Parameters<typeof overLimits>[1]): void {
    const problems = overLimits(LIMITS, run);
    if (problems.length > 0) {
        fail(`this run would be refused by the gateway's limits: ${problems.join('; ')}. Lower the run's parameters, or`
            + ' raise the gateway\'s limits (PARLEY_GATEWAY_LIMITS_*, see docs/load-testing.md) and tell k6 with the'
            + ' matching -e PARLEY_LIMIT_*');
    }
}

/** A message text carrying the send time, so a receiver on the same k6 machine measures end-to-end latency. */
export function timestampedText(kind: string): string {
    return JSON.stringify({ k6: kind, sentAt: Date.now() });
}

/** The send time of a timestampedText of that kind, or undefined for any other text. */
export function sentAtOf(text: string, kind: string): number | undefined {
    try {
        const parsed = JSON.parse(text) as { k6?: string; sentAt?: number };
        return parsed.k6 === kind && typeof parsed.sentAt === 'number' ? parsed.sentAt : undefined;
    } catch (e) {
        return undefined;
    }
}

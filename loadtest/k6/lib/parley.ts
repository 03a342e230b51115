// Parley's client contract (PROTOCOL.md) as the k6 scripts use it: REST calls through the gateway, the /ws socket
// and its frames. Every parameter comes from the environment (k6 run -e NAME=value), with defaults for a local stack.
import http from 'k6/http';
import { check, fail } from 'k6';
import { WebSocket } from 'k6/websockets';
import { setInterval, clearInterval, IntervalID } from 'k6/timers';

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

/** What a VU needs of a logged-in user. */
export interface User {
    id: string;
    username: string;
    accessToken: string;
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
    const body = res.json() as { accessToken: string; user: { id: string; username: string } };
    return { id: body.user.id, username: body.user.username, accessToken: body.accessToken };
}

/** Registers (409: registered by an earlier run with the same PARLEY_RUN_ID) and logs in. */
export function ensureUser(role: string, n: number): User {
    const username = `k6_${RUN_ID}_${role}_${n}`.slice(0, 32);
    const res = http.post(`${BASE_URL}/api/auth/register`,
        JSON.stringify({ username, password: PASSWORD, displayName: `k6 ${role} ${n}` }),
        { headers: JSON_HEADERS, tags: { name: 'register' }, responseCallback: http.expectedStatuses(201, 409) });
    if (res.status !== 201 && res.status !== 409) {
        fail(`register ${username} answered ${res.status}: ${res.body}`);
    }
    return login(username);
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

/** Callbacks of one socket; onHello runs once the server's first frame arrived. */
export interface SocketHandlers {
    onHello(hello: Record<string, unknown>): void;
    onFrame?(frame: Frame): void;
    onClose?(): void;
}

/**
 * Opens /ws with the access token in the Authorization header and parses every text frame; pings at the
 * heartbeat the hello announces (any frame counts as liveness), so idle sockets are not closed 4008.
 */
export function connect(user: User, handlers: SocketHandlers): Socket {
    const ws = new WebSocket(WS_URL, null, { headers: { Authorization: `Bearer ${user.accessToken}` } });
    const socket = new Socket(ws);
    ws.onmessage = (event) => {
        if (!event || typeof event.data !== 'string') {
            return;
        }
        const frame = JSON.parse(event.data) as Frame;
        if (frame.op === 'hello') {
            const heartbeatMs = Number((frame.d || {}).heartbeatMs) || 25000;
            socket.startHeartbeat(heartbeatMs);
            handlers.onHello(frame.d || {});
        } else if (handlers.onFrame) {
            handlers.onFrame(frame);
        }
    };
    ws.onclose = () => {
        socket.stopHeartbeat();
        if (handlers.onClose) {
            handlers.onClose();
        }
    };
    return socket;
}

/** A client socket: numbered request frames and the heartbeat. */
export class Socket {
    private nextId = 0;
    private heartbeat: IntervalID | undefined;

    constructor(readonly ws: WebSocket) {
    }

    /** Sends {op, id, d} and returns the id its ok or error will carry. */
    request(op: string, d: Record<string, unknown>): string {
        const id = `${__VU}-${++this.nextId}`;
        this.ws.send(JSON.stringify({ op, id, d }));
        return id;
    }

    startHeartbeat(heartbeatMs: number): void {
        this.heartbeat = setInterval(() => this.ws.send(JSON.stringify({ op: 'ping' })), heartbeatMs);
    }

    stopHeartbeat(): void {
        if (this.heartbeat !== undefined) {
            clearInterval(this.heartbeat);
            this.heartbeat = undefined;
        }
    }

    close(): void {
        this.stopHeartbeat();
        this.ws.close(1000);
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

// Pacing arithmetic of the k6 scripts, free of k6 imports so that Node runs its unit test (test/pacing.test.mjs,
// run by the deploy module's K6ScriptsTest). The gateway's limits are token buckets: `rate` tokens per second up to
// `burst`; a client that starts its n-th request no earlier than slotMs(n) is never refused.

/** The gateway's default limits (gateway application.properties, parley.gateway.limits.*; docs/gateway.md). */
export interface Limits {
    /** send/edit/react and REST writes per user per second, and the bucket size */
    commandRate: number;
    commandBurst: number;
    /** concurrent sockets per user and per client IP */
    socketsPerUser: number;
    socketsPerIp: number;
    /** WebSocket handshakes per client IP per second, and the bucket size */
    handshakesPerSecond: number;
    handshakeBurst: number;
    /** POST /api/auth/register per client IP per minute, and the bucket size */
    registerPerMinute: number;
    registerBurst: number;
}

export const DEFAULT_LIMITS: Limits = {
    commandRate: 10,
    commandBurst: 20,
    socketsPerUser: 10,
    socketsPerIp: 100,
    handshakesPerSecond: 20,
    handshakeBurst: 40,
    registerPerMinute: 20,
    registerBurst: 60,
};

/** The share of each limit the scripts use: the gateway's buckets and k6's timers are not in step. */
export const HEADROOM = 0.8;

/**
 * When the index-th (0-based) request of a series may start, in ms after the first, so that a token bucket of
 * `perSecond` and `burst` (full at the start) never refuses one: the first floor(burst × HEADROOM) go at once, then
 * one every 1 / (perSecond × HEADROOM) seconds.
 */
export function slotMs(index: number, perSecond: number, burst: number): number {
    if (index < 0 || perSecond <= 0) {
        throw new Error(`slotMs: index ${index} and rate ${perSecond} must be ≥ 0 and > 0`);
    }
    const atOnce = Math.max(1, Math.floor(burst * HEADROOM));
    if (index < atOnce) {
        return 0;
    }
    return Math.ceil(((index - atOnce + 1) * 1000) / (perSecond * HEADROOM));
}

/**
 * Reconnect delay after the attempt-th failure in a row (1-based): exponential from baseMs, at most maxMs, with
 * "full jitter" (a uniform draw below the cap; random() in [0, 1)) so that sockets closed together (a gateway's 1001)
 * do not come back together.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
    const cap = Math.min(maxMs, baseMs * Math.pow(2, Math.max(0, attempt - 1)));
    return Math.floor(cap / 2 + random() * (cap / 2));
}

/**
 * How long to wait before refreshing an access token that expires at expiresAtMs: at 80 % of its remaining life, and
 * never later than 60 s before expiry (at least 1 s from now).
 */
export function refreshDelayMs(nowMs: number, expiresAtMs: number): number {
    const remaining = expiresAtMs - nowMs;
    return Math.max(1000, Math.min(Math.floor(remaining * 0.8), remaining - 60_000));
}

/**
 * What a run's parameters ask of the gateway beyond its limits, as messages (empty when it paces itself under them).
 * sendsPerUserPerSecond: the most any one user sends; socketsFromThisMachine: all sockets open at once (k6 runs from
 * one address); socketsPerUser: the most one user holds.
 */
export function overLimits(limits: Limits, run: {
    sendsPerUserPerSecond: number;
    socketsFromThisMachine: number;
    socketsPerUser: number;
    /** new sockets per second the run opens at its peak (0 for a run that opens its sockets at the start only) */
    handshakesPerSecond?: number;
}): string[] {
    const problems: string[] = [];
    if (run.sendsPerUserPerSecond > limits.commandRate * HEADROOM) {
        problems.push(`${run.sendsPerUserPerSecond} sends per second per user is above ${HEADROOM * 100} % of the `
            + `gateway's ${limits.commandRate} (parley.gateway.limits.command-rate)`);
    }
    if (run.socketsFromThisMachine > limits.socketsPerIp) {
        problems.push(`${run.socketsFromThisMachine} sockets from one address is above the gateway's `
            + `${limits.socketsPerIp} (parley.gateway.limits.sockets-per-ip)`);
    }
    if (run.socketsPerUser > limits.socketsPerUser) {
        problems.push(`${run.socketsPerUser} sockets of one user is above the gateway's ${limits.socketsPerUser} `
            + '(parley.gateway.limits.sockets-per-user)');
    }
    if ((run.handshakesPerSecond ?? 0) > limits.handshakesPerSecond * HEADROOM) {
        problems.push(`${run.handshakesPerSecond} new sockets per second from one address is above `
            + `${HEADROOM * 100} % of the gateway's ${limits.handshakesPerSecond} `
            + '(parley.gateway.limits.handshakes-per-ip-per-second)');
    }
    return problems;
}

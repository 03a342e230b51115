// Connect storm: sockets arrive at a rising rate, each waits for hello, stays open a while, then leaves.
// Measures the time from opening the socket to the server's hello frame (upgrade, JWT check, session registration).
//   k6 run -e PARLEY_BASE_URL=http://localhost:8080 loadtest/k6/connect-storm.ts        (k6 v1.0 or newer)
// The defaults stay under the per-IP limits of `./parley up` (20 handshakes per second, 100 sockets: k6 opens every
// socket from one address); a real storm needs them raised on the gateway and given to k6 as PARLEY_LIMIT_*
// (docs/load-testing.md). Sockets here never reconnect: a close before hello counts as refused.
import { check } from 'k6';
import { Options } from 'k6/options';
import { Counter, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { connect, ensureUsers, envInt, requireUnderLimits, User } from './lib/parley.ts';

/** New sockets per second at the peak. */
const RATE = envInt('PARLEY_CONNECT_RATE', 15);
/** Seconds to ramp from 0 to RATE, then seconds held at RATE. */
const RAMP_SECONDS = envInt('PARLEY_RAMP_SECONDS', 30);
const HOLD_SECONDS = envInt('PARLEY_HOLD_SECONDS', 60);
/** How long each socket stays open. */
const SOCKET_SECONDS = envInt('PARLEY_SOCKET_SECONDS', 5);
/** Users the sockets are spread over; at most 10 sockets per user (PROTOCOL §3), so keep
 *  USERS × 10 above RATE × SOCKET_SECONDS. */
const USERS = envInt('PARLEY_USERS', Math.ceil((RATE * SOCKET_SECONDS) / 8));

requireUnderLimits({
    sendsPerUserPerSecond: 0,
    handshakesPerSecond: RATE,
    // sockets open at once at the peak: each lives SOCKET_SECONDS (+1 s for its handshake and close)
    socketsFromThisMachine: RATE * (SOCKET_SECONDS + 1),
    socketsPerUser: Math.ceil((RATE * (SOCKET_SECONDS + 1)) / USERS),
});

const helloTime = new Trend('parley_ws_hello_ms', true);
const refused = new Counter('parley_ws_refused');

export const options: Options = {
    setupTimeout: '10m',
    scenarios: {
        storm: {
            executor: 'ramping-arrival-rate',
            startRate: 0,
            timeUnit: '1s',
            preAllocatedVUs: Math.max(10, RATE * (SOCKET_SECONDS + 2)),
            maxVUs: RATE * (SOCKET_SECONDS + 10),
            stages: [
                { target: RATE, duration: `${RAMP_SECONDS}s` },
                { target: RATE, duration: `${HOLD_SECONDS}s` },
            ],
            gracefulStop: `${SOCKET_SECONDS + 10}s`,
        },
    },
    thresholds: {
        parley_ws_hello_ms: ['p(95)<500', 'p(99)<1000'],
        parley_ws_refused: ['count<1'],
        checks: ['rate>0.99'],
    },
};

export function setup(): { users: User[] } {
    return { users: ensureUsers('storm', USERS) };
}

export default function (data: { users: User[] }): void {
    const user = data.users[exec.scenario.iterationInTest % data.users.length];
    const opened = Date.now();
    let greeted = false;
    // the users are shared by VUs: no token refresh (rotation would revoke the others' tokens), no reconnect
    const socket = connect(user, {
        onHello() {
            greeted = true;
            helloTime.add(Date.now() - opened);
            setTimeout(() => socket.close(), SOCKET_SECONDS * 1000);
        },
        onClose() {
            if (!greeted) {
                refused.add(1);
            }
            check(greeted, { 'hello before close': (g) => g });
        },
    }, { reconnect: false, refresh: false });
}

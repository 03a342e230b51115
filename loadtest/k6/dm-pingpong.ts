// DM ping-pong: pairs of users in their DM channel; A sends a timestamped ping, B answers with a pong carrying the
// same timestamp, A measures the round trip (two sends, two commits, two fan-outs).
//   k6 run -e PARLEY_BASE_URL=http://localhost:8080 loadtest/k6/dm-pingpong.ts        (k6 v1.0 or newer)
// Each user sends at most one message per PAUSE_MS (5 per second at the default, under the gateway's 10 per user);
// 2 × PAIRS sockets from this address (at most 100 by default). A closed socket reconnects and resubscribes with
// sinceSeq (the missed ping or pong is replayed); a ping with no pong within 5 s counts as lost and the rally goes on.
// Runs longer than 15 minutes refresh their tokens (POST /api/auth/refresh) and send them on the socket.
import { check, sleep } from 'k6';
import { Options } from 'k6/options';
import { Counter, Rate, Trend } from 'k6/metrics';
import { clearTimeout, setTimeout, TimeoutID } from 'k6/timers';
import exec from 'k6/execution';
import {
    ChatMessage, connect, ensureUsers, envInt, Frame, handshakeSlotMs, openDm, requireUnderLimits, sentAtOf, Socket,
    SocketHandlers, User,
} from './lib/parley.ts';

/** Pairs of users, each pair one VU with two sockets. */
const PAIRS = envInt('PARLEY_PAIRS', 20);
/** Seconds each pair plays; pause in ms between a pong and the next ping (each user may send 10 per second). */
const DURATION_SECONDS = envInt('PARLEY_DURATION_SECONDS', 60);
const PAUSE_MS = envInt('PARLEY_PAUSE_MS', 200);

const roundTrip = new Trend('parley_dm_rtt_ms', true);
const errors = new Counter('parley_ws_errors');
/** Each ping: answered by its pong within PONG_TIMEOUT_MS (true) or not. */
const answered = new Rate('parley_dm_answered');
const PONG_TIMEOUT_MS = 5000;

requireUnderLimits({
    sendsPerUserPerSecond: 1000 / Math.max(1, PAUSE_MS),
    socketsFromThisMachine: 2 * PAIRS,
    socketsPerUser: 1,
});

interface Pair {
    a: User;
    b: User;
    channelId: string;
}

export const options: Options = {
    setupTimeout: '10m',
    scenarios: {
        pingpong: {
            executor: 'per-vu-iterations',
            vus: PAIRS,
            iterations: 1,
            maxDuration: `${DURATION_SECONDS + 60}s`,
        },
    },
    thresholds: {
        parley_dm_rtt_ms: ['p(95)<300', 'p(99)<600'],
        parley_dm_answered: ['rate>0.999'],
        parley_ws_gave_up: ['count<1'],
        parley_ws_errors: ['count<1'],
        checks: ['rate>0.99'],
    },
};

export function setup(): { pairs: Pair[] } {
    const as = ensureUsers('ping', PAIRS);
    const bs = ensureUsers('pong', PAIRS);
    return { pairs: as.map((a, i) => ({ a, b: bs[i], channelId: openDm(a, bs[i]) })) };
}

/**
 * One side of the rally: subscribes to the DM, reports when subscribed, and passes each message of the other user
 * that carries a timestamp of the kind it listens for to onHeard.
 */
function player(socket: () => Socket, other: User, channelId: string, listensFor: string, subscribed: () => void,
                onHeard: (sentAt: number, message: ChatMessage) => void): SocketHandlers {
    return {
        onHello(_hello, reconnected) {
            if (!reconnected) {
                socket().subscribe(channelId); // a reconnect subscribes again itself, with sinceSeq
            }
        },
        onFrame(frame: Frame) {
            if (frame.op === 'error') {
                errors.add(1);
            } else if (frame.op === 'ok' && (frame.d || {}).lastSeq !== undefined) {
                subscribed(); // again after a reconnect: ignored
            } else if (frame.op === 'event' && frame.t === 'message.created') {
                const message = (frame.d || {}).message as ChatMessage;
                const sentAt = message.senderId === other.id ? sentAtOf(message.text, listensFor) : undefined;
                if (sentAt !== undefined) {
                    onHeard(sentAt, message);
                }
            }
        },
    };
}

export default function (data: { pairs: Pair[] }): void {
    const pairIndex = exec.scenario.iterationInTest;
    const pair = data.pairs[pairIndex % data.pairs.length];
    // VUs start together: two handshakes per pair, each in its slot (20 per second per address by default)
    sleep(handshakeSlotMs(2 * pairIndex + 1) / 1000);
    const deadline = Date.now() + DURATION_SECONDS * 1000;
    let sequence = 0;
    let ready = 0;
    let started = false;
    let a: Socket | undefined;
    let b: Socket | undefined;
    let lost: TimeoutID | undefined;
    /** the sentAt of the ping waiting for its pong */
    let waitingFor: number | undefined;

    const ping = (): void => {
        if (Date.now() > deadline) {
            a?.close();
            b?.close();
            return;
        }
        const sentAt = Date.now();
        waitingFor = sentAt;
        a?.request('send', { channelId: pair.channelId, text: JSON.stringify({ k6: 'ping', sentAt }),
            clientMsgId: `ping-${pair.a.username}-${++sequence}` });
        lost = setTimeout(() => {
            answered.add(false);
            ping();
        }, PONG_TIMEOUT_MS);
    };
    // both sockets subscribed: start the rally (once)
    const subscribed = (): void => {
        if (++ready >= 2 && !started) {
            started = true;
            ping();
        }
    };

    a = connect(pair.a, player(() => a as Socket, pair.b, pair.channelId, 'pong', subscribed, (sentAt) => {
        if (sentAt !== waitingFor) {
            return; // a late pong of a ping already counted as lost, or a replayed one
        }
        waitingFor = undefined;
        if (lost !== undefined) {
            clearTimeout(lost);
        }
        answered.add(true);
        roundTrip.add(Date.now() - sentAt);
        check(sentAt, { 'pong carries the ping time': (t) => t <= Date.now() });
        setTimeout(ping, PAUSE_MS);
    }));
    b = connect(pair.b, player(() => b as Socket, pair.a, pair.channelId, 'ping', subscribed, (sentAt, message) => {
        // the clientMsgId of the pong follows the ping's message id: a replayed ping answered again creates nothing
        b?.request('send', { channelId: pair.channelId, text: JSON.stringify({ k6: 'pong', sentAt }),
            clientMsgId: `pong-${message.id}` });
    }));
}

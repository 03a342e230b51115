// DM ping-pong: pairs of users in their DM channel; A sends a timestamped ping, B answers with a pong carrying the
// same timestamp, A measures the round trip (two sends, two commits, two fan-outs).
//   k6 run -e PARLEY_BASE_URL=http://localhost:8080 -e PARLEY_PAIRS=50 loadtest/k6/dm-pingpong.ts
import { check } from 'k6';
import { Options } from 'k6/options';
import { Counter, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import exec from 'k6/execution';
import {
    ChatMessage, connect, ensureUsers, envInt, Frame, openDm, sentAtOf, Socket, SocketHandlers, User,
} from './lib/parley.ts';

/** Pairs of users, each pair one VU with two sockets. */
const PAIRS = envInt('PARLEY_PAIRS', 20);
/** Seconds each pair plays; pause in ms between a pong and the next ping (each user may send 10 per second). */
const DURATION_SECONDS = envInt('PARLEY_DURATION_SECONDS', 60);
const PAUSE_MS = envInt('PARLEY_PAUSE_MS', 200);

const roundTrip = new Trend('parley_dm_rtt_ms', true);
const errors = new Counter('parley_ws_errors');

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
        onHello() {
            socket().request('subscribe', { channelId });
        },
        onFrame(frame: Frame) {
            if (frame.op === 'error') {
                errors.add(1);
            } else if (frame.op === 'ok' && (frame.d || {}).lastSeq !== undefined) {
                subscribed();
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
    const pair = data.pairs[exec.scenario.iterationInTest % data.pairs.length];
    const deadline = Date.now() + DURATION_SECONDS * 1000;
    let sequence = 0;
    let ready = 0;
    let a: Socket | undefined;
    let b: Socket | undefined;

    const ping = (): void => {
        if (Date.now() > deadline) {
            a?.close();
            b?.close();
            return;
        }
        a?.request('send', { channelId: pair.channelId, text: JSON.stringify({ k6: 'ping', sentAt: Date.now() }),
            clientMsgId: `ping-${pair.a.username}-${++sequence}` });
    };
    // both sockets subscribed: start the rally
    const subscribed = (): void => {
        if (++ready === 2) {
            ping();
        }
    };

    a = connect(pair.a, player(() => a as Socket, pair.b, pair.channelId, 'pong', subscribed, (sentAt) => {
        roundTrip.add(Date.now() - sentAt);
        check(sentAt, { 'pong carries the ping time': (t) => t <= Date.now() });
        setTimeout(ping, PAUSE_MS);
    }));
    b = connect(pair.b, player(() => b as Socket, pair.a, pair.channelId, 'ping', subscribed, (sentAt, message) => {
        b?.request('send', { channelId: pair.channelId, text: JSON.stringify({ k6: 'pong', sentAt }),
            clientMsgId: `pong-${message.id}` });
    }));
}

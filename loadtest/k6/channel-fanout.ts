// Channel fan-out: many subscribers of one public channel, a few senders. Each message's text carries its send time,
// so every subscriber measures send → delivery latency (sender and subscribers share this machine's clock).
//   k6 run -e PARLEY_BASE_URL=http://localhost:8080 -e PARLEY_SUBSCRIBERS=500 loadtest/k6/channel-fanout.ts
import { check } from 'k6';
import { Options } from 'k6/options';
import { Counter, Trend } from 'k6/metrics';
import { clearInterval, setInterval, setTimeout } from 'k6/timers';
import exec from 'k6/execution';
import {
    ChatMessage, connect, createChannel, ensureUser, ensureUsers, envInt, Frame, joinChannel, RUN_ID, sentAtOf,
    timestampedText, User,
} from './lib/parley.ts';

/** Subscribers (one socket each) and senders. */
const SUBSCRIBERS = envInt('PARLEY_SUBSCRIBERS', 200);
const SENDERS = envInt('PARLEY_SENDERS', 4);
/** Messages per second of each sender; the gateway allows 10 per user (burst 20). */
const SEND_RATE = envInt('PARLEY_SEND_RATE', 2);
/** Seconds of sending; subscribers connect during WARMUP_SECONDS before it. */
const DURATION_SECONDS = envInt('PARLEY_DURATION_SECONDS', 60);
const WARMUP_SECONDS = envInt('PARLEY_WARMUP_SECONDS', 15);

const KIND = 'fanout';
const deliveryLatency = new Trend('parley_fanout_latency_ms', true);
const sendAck = new Trend('parley_send_ack_ms', true);
const delivered = new Counter('parley_fanout_delivered');
const errors = new Counter('parley_ws_errors');

interface Setup {
    channelId: string;
    subscribers: User[];
    senders: User[];
}

export const options: Options = {
    setupTimeout: '10m',
    scenarios: {
        subscribers: {
            executor: 'per-vu-iterations',
            exec: 'subscriber',
            vus: SUBSCRIBERS,
            iterations: 1,
            maxDuration: `${WARMUP_SECONDS + DURATION_SECONDS + 30}s`,
        },
        senders: {
            executor: 'per-vu-iterations',
            exec: 'sender',
            vus: SENDERS,
            iterations: 1,
            startTime: `${WARMUP_SECONDS}s`,
            maxDuration: `${DURATION_SECONDS + 30}s`,
        },
    },
    thresholds: {
        parley_fanout_latency_ms: ['p(95)<250', 'p(99)<500'],
        parley_send_ack_ms: ['p(95)<200', 'p(99)<500'],
        parley_ws_errors: ['count<1'],
        checks: ['rate>0.99'],
    },
};

export function setup(): Setup {
    const owner = ensureUser('owner', 0);
    const channelId = createChannel(owner, `k6 fan-out ${RUN_ID}`);
    const subscribers = ensureUsers('sub', SUBSCRIBERS);
    const senders = ensureUsers('send', SENDERS);
    for (const user of subscribers.concat(senders)) {
        joinChannel(user, channelId);
    }
    return { channelId, subscribers, senders };
}

export function subscriber(data: Setup): void {
    const user = data.subscribers[exec.scenario.iterationInTest % data.subscribers.length];
    const socket = connect(user, {
        onHello() {
            socket.request('subscribe', { channelId: data.channelId });
            // stay until the senders are done, then leave
            setTimeout(() => socket.close(), (WARMUP_SECONDS + DURATION_SECONDS + 10) * 1000);
        },
        onFrame(frame: Frame) {
            if (frame.op === 'error') {
                errors.add(1);
            } else if (frame.op === 'event' && frame.t === 'message.created') {
                const message = (frame.d || {}).message as ChatMessage;
                const sentAt = sentAtOf(message.text, KIND);
                if (sentAt !== undefined) {
                    deliveryLatency.add(Date.now() - sentAt);
                    delivered.add(1);
                }
            }
        },
    });
}

export function sender(data: Setup): void {
    const user = data.senders[exec.scenario.iterationInTest % data.senders.length];
    const pending = new Map<string, number>();
    let sent = 0;
    const socket = connect(user, {
        onHello() {
            const timer = setInterval(() => {
                const id = socket.request('send', {
                    channelId: data.channelId,
                    text: timestampedText(KIND),
                    clientMsgId: `${user.username}-${++sent}`,
                });
                pending.set(id, Date.now());
            }, 1000 / SEND_RATE);
            setTimeout(() => {
                clearInterval(timer);
                // let the last acks arrive
                setTimeout(() => socket.close(), 3000);
            }, DURATION_SECONDS * 1000);
        },
        onFrame(frame: Frame) {
            const started = frame.id ? pending.get(frame.id) : undefined;
            if (started === undefined) {
                return;
            }
            pending.delete(frame.id as string);
            check(frame, { 'send ok': (f) => f.op === 'ok' });
            if (frame.op === 'ok') {
                sendAck.add(Date.now() - started);
            } else {
                errors.add(1);
            }
        },
    });
}

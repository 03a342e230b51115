// Channel fan-out: many subscribers of one public channel, a few senders. Each message's text carries its send time,
// so every subscriber measures send → delivery latency (sender and subscribers share this machine's clock).
//   k6 run -e PARLEY_BASE_URL=http://localhost:8080 loadtest/k6/channel-fanout.ts        (k6 v1.0 or newer)
// The defaults stay under the limits of `./parley up` (k6 opens every socket from one address: 100 per IP, 20
// handshakes per second); more subscribers need raised gateway limits, see docs/load-testing.md.
// A closed socket reconnects and resubscribes with sinceSeq; a run longer than 15 minutes refreshes its tokens.
import { check, sleep } from 'k6';
import { Options } from 'k6/options';
import { Counter, Rate, Trend } from 'k6/metrics';
import { clearInterval, IntervalID, setInterval, setTimeout } from 'k6/timers';
import exec from 'k6/execution';
import {
    ChatMessage, connect, createChannel, ensureUser, ensureUsers, envInt, Frame, handshakeSlotMs, joinChannel,
    requireUnderLimits, RUN_ID, User,
} from './lib/parley.ts';

/** Subscribers (one socket each) and senders. */
const SUBSCRIBERS = envInt('PARLEY_SUBSCRIBERS', 90);
const SENDERS = envInt('PARLEY_SENDERS', 4);
/** Messages per second of each sender; the gateway allows 10 per user (burst 20), the run at most 8. */
const SEND_RATE = envInt('PARLEY_SEND_RATE', 2);
/** Seconds of sending; subscribers connect during WARMUP_SECONDS before it. */
const DURATION_SECONDS = envInt('PARLEY_DURATION_SECONDS', 60);
const WARMUP_SECONDS = envInt('PARLEY_WARMUP_SECONDS', 15);

const KIND = 'fanout';
const deliveryLatency = new Trend('parley_fanout_latency_ms', true);
const sendAck = new Trend('parley_send_ack_ms', true);
const delivered = new Counter('parley_fanout_delivered');
/** Per subscriber and sender, each message numbered up to the highest one received: received (true) or a gap. */
const delivery = new Rate('parley_fanout_delivery');
const errors = new Counter('parley_ws_errors');

requireUnderLimits({
    sendsPerUserPerSecond: SEND_RATE,
    socketsFromThisMachine: SUBSCRIBERS + SENDERS,
    socketsPerUser: 1,
});

/** A fan-out message's text: the send time, and the sender's index and running number (for gaps). */
interface Stamp {
    k6: string;
    sentAt: number;
    from: number;
    n: number;
}

function stampOf(text: string): Stamp | undefined {
    try {
        const parsed = JSON.parse(text) as Partial<Stamp>;
        return parsed.k6 === KIND && typeof parsed.sentAt === 'number' && typeof parsed.from === 'number'
            && typeof parsed.n === 'number' ? parsed as Stamp : undefined;
    } catch (e) {
        return undefined;
    }
}

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
        parley_fanout_delivery: ['rate>0.999'],
        parley_ws_gave_up: ['count<1'],
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
    const index = exec.scenario.iterationInTest;
    const user = data.subscribers[index % data.subscribers.length];
    // VUs start together: each waits for its handshake slot (20 per second per address by default)
    sleep(handshakeSlotMs(index) / 1000);
    /** per sender: the numbers received (a replay after a reconnect may repeat one) */
    const received = new Map<number, Set<number>>();
    const socket = connect(user, {
        onHello(_hello, reconnected) {
            if (!reconnected) {
                socket.subscribe(data.channelId);
                // stay until the senders are done, then leave
                setTimeout(() => socket.close(), (WARMUP_SECONDS + DURATION_SECONDS + 10) * 1000);
            }
        },
        onFrame(frame: Frame) {
            if (frame.op === 'error') {
                errors.add(1);
            } else if (frame.op === 'event' && frame.t === 'message.created') {
                const message = (frame.d || {}).message as ChatMessage;
                const stamp = stampOf(message.text);
                if (stamp === undefined) {
                    return;
                }
                const numbers = received.get(stamp.from) ?? new Set<number>();
                received.set(stamp.from, numbers);
                if (numbers.has(stamp.n)) {
                    return;
                }
                numbers.add(stamp.n);
                delivered.add(1);
                if (!frame.replay) {
                    deliveryLatency.add(Date.now() - stamp.sentAt);
                }
            }
        },
        onClose() {
            received.forEach((numbers) => {
                const highest = Math.max(...Array.from(numbers));
                for (let n = 1; n <= highest; n++) {
                    delivery.add(numbers.has(n));
                }
            });
        },
    });
}

export function sender(data: Setup): void {
    const index = exec.scenario.iterationInTest;
    const user = data.senders[index % data.senders.length];
    sleep(handshakeSlotMs(SUBSCRIBERS + index) / 1000);
    /** request id → the send, until its ok or error; after a reconnect the unanswered ones are sent again */
    const pending = new Map<string, { n: number; startedAt: number; d: Record<string, unknown> }>();
    let sent = 0;
    let timer: IntervalID | undefined;
    const send = (n: number, startedAt: number, d: Record<string, unknown>): void => {
        pending.set(socket.request('send', d), { n, startedAt, d });
    };
    const socket = connect(user, {
        onHello(_hello, reconnected) {
            if (reconnected) {
                // the same clientMsgId never creates a second message (PROTOCOL §4.3): resend what got no answer
                const unanswered = Array.from(pending.values());
                pending.clear();
                unanswered.forEach((p) => send(p.n, p.startedAt, p.d));
                return;
            }
            timer = setInterval(() => {
                if (!socket.isOpen()) {
                    return; // reconnecting: this tick's message is not sent (nor numbered)
                }
                const n = ++sent;
                send(n, Date.now(), {
                    channelId: data.channelId,
                    text: JSON.stringify({ k6: KIND, sentAt: Date.now(), from: index, n }),
                    clientMsgId: `${user.username}-${n}`,
                });
            }, 1000 / SEND_RATE);
            setTimeout(() => {
                if (timer !== undefined) {
                    clearInterval(timer);
                }
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
                sendAck.add(Date.now() - started.startedAt);
            } else {
                errors.add(1);
            }
        },
    });
}

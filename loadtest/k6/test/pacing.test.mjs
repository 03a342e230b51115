// Unit test of lib/pacing.ts under Node (k6 cannot be installed on the CI machine): K6ScriptsTest compiles
// lib/pacing.ts with tsc into deploy/target and runs `node --test` on this file with PACING_JS set to the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

const { slotMs, backoffMs, refreshDelayMs, overLimits, DEFAULT_LIMITS, HEADROOM } =
    await import(pathToFileURL(process.env.PACING_JS).href);

/**
 * A token bucket as the gateway's (rest/ApiLimits, service/TokenBucket): full at the start, `rate` per second,
 * at most `burst`. Returns how many of the requests at the given times (ms) it refuses.
 */
function refusals(times, rate, burst) {
    let tokens = burst;
    let last = 0;
    let refused = 0;
    for (const t of times) {
        tokens = Math.min(burst, tokens + ((t - last) * rate) / 1000);
        last = t;
        if (tokens >= 1) {
            tokens -= 1;
        } else {
            refused++;
        }
    }
    return refused;
}

test('registrations in their slots are never refused by 20 per minute, burst 60, and are not slower than needed', () => {
    const rate = DEFAULT_LIMITS.registerPerMinute / 60;
    const times = Array.from({ length: 300 }, (_, i) => slotMs(i, rate, DEFAULT_LIMITS.registerBurst));
    assert.equal(refusals(times, rate, DEFAULT_LIMITS.registerBurst), 0);
    assert.deepEqual(times.slice(0, 48), Array(48).fill(0)); // 80 % of the burst at once
    // then one every 3.75 s (80 % of 20 per minute)
    assert.equal(times[48], 3750);
    assert.equal(times[299] - times[298], 3750);
});

test('the same slots without the headroom would be refused: the bucket model can fail', () => {
    const rate = 20 / 60;
    const tooFast = Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : (i - 59) * 1000)); // 1 per second after burst
    assert.ok(refusals(tooFast, rate, 60) > 0);
});

test('handshakes in their slots stay under 20 per second, burst 40, for any number of sockets', () => {
    for (const count of [1, 32, 33, 100, 1000]) {
        const times = Array.from({ length: count }, (_, i) => slotMs(i, 20, 40));
        assert.equal(refusals(times, 20, 40), 0, `${count} sockets`);
        assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]), 'slots are in order');
    }
    assert.equal(slotMs(31, 20, 40), 0);
    assert.equal(slotMs(32, 20, 40), 63); // ceil(1000 / 16)
});

test('slotMs refuses nonsense', () => {
    assert.throws(() => slotMs(-1, 20, 40));
    assert.throws(() => slotMs(0, 0, 40));
});

test('backoff doubles from the base up to the cap, with jitter between half and all of it', () => {
    assert.equal(backoffMs(1, 500, 30000, () => 0), 250);
    assert.equal(backoffMs(1, 500, 30000, () => 0.999999), 499);
    assert.equal(backoffMs(3, 500, 30000, () => 0), 1000);
    assert.equal(backoffMs(20, 500, 30000, () => 0), 15000);
    assert.ok(backoffMs(20, 500, 30000, () => 0.999999) < 30000);
    // sockets closed together (a gateway's 1001) come back spread out
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(1, 500, 30000, Math.random)));
    assert.ok(spread.size > 10);
});

test('tokens are refreshed before they expire: at 80 % of their life, at least 60 s early, at least 1 s from now', () => {
    const now = 1_000_000;
    assert.equal(refreshDelayMs(now, now + 15 * 60_000), 720_000); // 15 min token: after 12 min
    assert.equal(refreshDelayMs(now, now + 120_000), 60_000); // 60 s before expiry beats 80 %
    assert.equal(refreshDelayMs(now, now + 30_000), 1000); // nearly expired: at once (1 s)
    assert.equal(refreshDelayMs(now, now - 5000), 1000); // expired already
});

test('overLimits names each limit a run would exceed, and nothing for the scripts defaults', () => {
    assert.deepEqual(overLimits(DEFAULT_LIMITS, { sendsPerUserPerSecond: 2, socketsFromThisMachine: 94, socketsPerUser: 1 }), []);
    assert.deepEqual(overLimits(DEFAULT_LIMITS,
        { sendsPerUserPerSecond: 0, socketsFromThisMachine: 90, socketsPerUser: 9, handshakesPerSecond: 15 }), []);
    const problems = overLimits(DEFAULT_LIMITS,
        { sendsPerUserPerSecond: 9, socketsFromThisMachine: 204, socketsPerUser: 11, handshakesPerSecond: 50 });
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /command-rate/);
    assert.match(problems.join('\n'), /sockets-per-ip/);
    assert.match(problems.join('\n'), /sockets-per-user/);
    assert.match(problems.join('\n'), /handshakes-per-ip-per-second/);
    assert.equal(HEADROOM, 0.8);
});

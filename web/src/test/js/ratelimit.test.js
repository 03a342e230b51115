// ratelimit.js: after a RATE_LIMITED every limited command (send, edit, delete, react) waits the retryAfterMs it
// named, and for the next 10 s goes at most one per 1.25 × that wait, so the socket never collects the 11
// RATE_LIMITED answers in 10 s that close it 4029.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshImport } from './support/browser.js';

const T0 = 1_700_000_000_000;

async function limiter(t) {
  t.mock.timers.enable({ apis: ['Date'], now: T0 });
  return freshImport('ratelimit.js'); // its own pause and pacing state
}

test('before any RATE_LIMITED nothing waits, however fast commands go', async (t) => {
  const rate = await limiter(t);
  for (let i = 0; i < 50; i++) {
    assert.equal(rate.waitMs(), 0);
    rate.sent();
  }
});

test('a RATE_LIMITED pauses every command for the retryAfterMs it names', async (t) => {
  const rate = await limiter(t);
  assert.equal(rate.limited(2000), true, 'the first one starts a wait worth telling the person about');
  assert.equal(rate.waitMs(), 2000);
  t.mock.timers.tick(1500);
  assert.equal(rate.waitMs(), 500);
  t.mock.timers.tick(500);
  assert.equal(rate.waitMs(), 0, 'the pause is over');
});

test('a RATE_LIMITED during the pause is not news and never shortens it', async (t) => {
  const rate = await limiter(t);
  rate.limited(2000);
  t.mock.timers.tick(100);
  assert.equal(rate.limited(500), false, 'already waiting: no second notice');
  assert.equal(rate.waitMs(), 1900, 'the longer wait stands');
  assert.equal(rate.limited(3000), false);
  assert.equal(rate.waitMs(), 3000, 'a longer one extends it');
  t.mock.timers.tick(3000);
  assert.equal(rate.limited(1000), true, 'after the pause a new RATE_LIMITED is news again');
});

test('after the pause, commands are spaced 1.25 × the wait for 10 s after the last RATE_LIMITED', async (t) => {
  const rate = await limiter(t);
  rate.limited(1000);
  t.mock.timers.tick(1000);
  assert.equal(rate.waitMs(), 0, 'the first command goes when the pause ends');
  rate.sent();
  assert.equal(rate.waitMs(), 1250, 'the next waits a little more than one token');
  t.mock.timers.tick(1000);
  assert.equal(rate.waitMs(), 250);
  t.mock.timers.tick(250);
  assert.equal(rate.waitMs(), 0);
  rate.sent();
  t.mock.timers.tick(7749); // 9999 ms after the RATE_LIMITED: still paced
  rate.sent();
  assert.equal(rate.waitMs(), 1250);
  t.mock.timers.tick(1); // 10 s after it: pacing is over
  assert.equal(rate.waitMs(), 0);
  rate.sent();
  assert.equal(rate.waitMs(), 0, 'back to full speed');
});

test('without a retryAfterMs the wait is 1 s; the spacing is at least 125 ms and at most 5 s', async (t) => {
  const noHint = await limiter(t);
  noHint.limited(undefined);
  assert.equal(noHint.waitMs(), 1000);
  t.mock.timers.tick(1000);
  noHint.sent();
  assert.equal(noHint.waitMs(), 1250);

  const tiny = await freshImport('ratelimit.js');
  tiny.limited(10);
  assert.equal(tiny.waitMs(), 10);
  t.mock.timers.tick(10);
  tiny.sent();
  assert.equal(tiny.waitMs(), 125, 'a wait under 100 ms is treated as 100 ms for the spacing');

  const huge = await freshImport('ratelimit.js');
  huge.limited(8000);
  t.mock.timers.tick(8000);
  huge.sent();
  assert.equal(huge.waitMs(), 5000, 'the spacing is capped at 5 s');
});

test('the spacing never shrinks: a later, shorter retryAfterMs keeps the wider spacing', async (t) => {
  const rate = await limiter(t);
  rate.limited(2000);
  t.mock.timers.tick(2000);
  rate.limited(200);
  t.mock.timers.tick(200);
  rate.sent();
  assert.equal(rate.waitMs(), 2500);
});

// errors.js: contract error codes and close codes as sentences a person can act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshImport } from './support/browser.js';

const { describe, TERMINAL_CLOSES, ParleyError, replacesEnd } = await freshImport('errors.js');

test('every contract error code has its own readable sentence', () => {
  const codes = ['INVALID', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'UNAVAILABLE', 'BAD_FRAME', 'UNKNOWN_OP', 'INTERNAL', 'NETWORK',
    'DISCONNECTED'];
  const sentences = codes.map((code) => describe({ code }));
  sentences.forEach((s, i) => {
    assert.doesNotMatch(s, /^Error /, `${codes[i]} is known`);
    assert.ok(!s.includes(codes[i]), `${codes[i]} is said in words, not as the code: "${s}"`);
  });
  assert.equal(new Set(sentences).size, codes.length, 'no two codes read the same');
  assert.equal(describe({ code: 'RATE_LIMITED' }), 'Slow down a little');
  assert.equal(describe({ code: 'NETWORK' }), 'Cannot reach the server');
});

test("the server's message is added only where it names the field or the reason", () => {
  assert.equal(describe({ code: 'INVALID', message: 'name: must not be blank' }),
    'That was not accepted: name: must not be blank');
  assert.equal(describe({ code: 'CONFLICT', message: 'username taken' }),
    'That conflicts with something that already exists: username taken');
  assert.equal(describe({ code: 'FORBIDDEN', message: 'not a member' }), 'You are not allowed to do that: not a member');
  // elsewhere the server's text is internal detail (or noise) and stays out of the notice
  assert.equal(describe({ code: 'NOT_FOUND', message: 'channel 42 not found' }),
    'That no longer exists, or you cannot see it');
  assert.equal(describe({ code: 'INTERNAL', message: 'NullPointerException' }), 'Something went wrong on the server');
  // a message that only repeats the code adds nothing
  assert.equal(describe({ code: 'INVALID', message: 'INVALID' }), 'That was not accepted');
});

test('an unknown code is named; no error at all reads as a server fault', () => {
  assert.equal(describe({ code: 'TEAPOT' }), 'Error TEAPOT');
  assert.equal(describe(undefined), 'Something went wrong on the server');
  assert.equal(describe(new Error('boom')), 'Something went wrong on the server');
});

test('only 4001, 4003 and 4009 end the session; every other close is reconnected from', () => {
  assert.deepEqual(Object.keys(TERMINAL_CLOSES).sort(), ['4001', '4003', '4009']);
  assert.match(TERMINAL_CLOSES[4003].title, /banned/);
  assert.match(TERMINAL_CLOSES[4009].title, /Signed out elsewhere/);
  assert.match(TERMINAL_CLOSES[4001].title, /expired/);
  for (const code of [1000, 1001, 1006, 1011, 4000, 4029]) assert.equal(TERMINAL_CLOSES[code], undefined, `${code}`);
});

test('ParleyError is an Error carrying the contract code and extra fields', () => {
  const e = new ParleyError('RATE_LIMITED', 'too many', { retryAfterMs: 1500, status: 429 });
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'RATE_LIMITED');
  assert.equal(e.message, 'too many');
  assert.equal(e.retryAfterMs, 1500);
  assert.equal(e.status, 429);
  assert.equal(new ParleyError('NETWORK').message, 'NETWORK', 'the code stands in for a missing message');
  assert.equal(describe(e), 'Slow down a little');
});

test('a ban or a revocation replaces an expiry shown a moment before, never the reverse', () => {
  assert.ok(replacesEnd(4001, null), 'the first end is shown');
  assert.ok(replacesEnd(4003, 4001), 'the 4003 behind a failed renewal');
  assert.ok(replacesEnd(4009, 4001));
  assert.ok(!replacesEnd(4001, 4003), 'the failed renewal behind a 4003');
  assert.ok(!replacesEnd(4001, 4009));
  assert.ok(!replacesEnd(4001, 4001));
  assert.ok(!replacesEnd(4009, 4003));
});

// auth.js: the end of a sign-in through an OpenID Connect provider, read from the page's URL fragment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshImport, fakeFetch } from './support/browser.js';

const auth = await freshImport('auth.js');
const TOKENS = { accessToken: 'a1', refreshToken: 'r1', tokenType: 'Bearer', expiresIn: 900,
  user: { id: 'u1', username: 'ada', displayName: 'Ada', roles: ['user'] } };

test('a one-time code in the fragment is traded by POST for a session, and the fragment is cleared first', async (t) => {
  const calls = fakeFetch(t, { 'POST /api/auth/oidc/redeem': TOKENS });
  let cleared = 0;
  const result = await auth.finishProviderSignIn('#oidc-code=abc-123_x', () => { cleared += 1; });
  assert.deepEqual(result, { signedIn: true });
  assert.equal(cleared, 1);
  assert.deepEqual(calls.map((c) => [c.method, c.path, c.body]), [['POST', '/api/auth/oidc/redeem', { code: 'abc-123_x' }]]);
  assert.equal(auth.user().username, 'ada');
  assert.equal(auth.accessToken(), 'a1');
  assert.equal(sessionStorage.getItem('parley.refresh'), 'r1');
  auth.forget();
});

test('a provider error in the fragment is answered without a request', async (t) => {
  const calls = fakeFetch(t, {});
  let cleared = 0;
  const result = await auth.finishProviderSignIn('#oidc-error=FORBIDDEN&message=this%20account%20is%20banned',
    () => { cleared += 1; });
  assert.deepEqual(result, { error: { code: 'FORBIDDEN', message: 'this account is banned' } });
  assert.equal(cleared, 1);
  assert.equal(calls.length, 0);
});

test('a used or expired code ends on the sign-in form with the server\'s error', async (t) => {
  fakeFetch(t, { 'POST /api/auth/oidc/redeem': { status: 401, body: { code: 'UNAUTHENTICATED', message: 'used' } } });
  const result = await auth.finishProviderSignIn('#oidc-code=old', () => {});
  assert.equal(result.error.code, 'UNAUTHENTICATED');
  assert.equal(auth.user(), undefined);
});

test('any other fragment (a channel id) is left alone', async (t) => {
  const calls = fakeFetch(t, {});
  let cleared = 0;
  assert.equal(await auth.finishProviderSignIn('#3f2a-channel', () => { cleared += 1; }), null);
  assert.equal(await auth.finishProviderSignIn('', () => { cleared += 1; }), null);
  assert.equal(cleared, 0);
  assert.equal(calls.length, 0);
});

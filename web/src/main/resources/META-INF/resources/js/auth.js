// Sign-in state. The access token lives only in memory; the refresh token in sessionStorage, per tab, because
// two tabs rotating one shared refresh token would look like theft to the server and revoke the whole family.
import * as api from './api.js';

const REFRESH_KEY = 'parley.refresh';
const CHECK_EVERY_MS = 10_000;

let session = null; // {accessToken, refreshToken, expiresAt (ms), user}
let renewing = null;
let checkTimer = null;
const renewedListeners = [];
const endedListeners = [];

api.useTokens(() => session?.accessToken, () => renew().then(() => true, () => false));

export const user = () => session?.user;
export const accessToken = () => session?.accessToken;

/** Called with the new access token after every renewal (the socket passes it on with the `auth` op). */
export const onRenewed = (fn) => renewedListeners.push(fn);
/** Called with a reason ('expired') when the session cannot be renewed. */
export const onEnded = (fn) => endedListeners.push(fn);

export async function signIn(username, password) {
  adopt(await api.login(username, password));
}

/**
 * The end of a sign-in through an OpenID Connect provider: auth-service's callback sends the browser to
 * /#oidc-code=CODE (a one-time code, traded here by POST for a session: no token is ever in a URL) or to
 * /#oidc-error=ERROR_CODE&message=TEXT. clearFragment() is called before anything else when either is there.
 * Answers null when the fragment has neither, {signedIn: true}, or {error: {code, message}}.
 */
export async function finishProviderSignIn(hash, clearFragment) {
  const fragment = new URLSearchParams((hash || '').replace(/^#/, ''));
  const code = fragment.get('oidc-code');
  const error = fragment.get('oidc-error');
  if (!code && !error) return null;
  clearFragment();
  if (error) return { error: { code: error, message: fragment.get('message') || 'sign-in failed' } };
  try {
    adopt(await api.oidcRedeem(code));
    return { signedIn: true };
  } catch (e) {
    return { error: e };
  }
}

export async function signUp(username, password, displayName) {
  await api.register(username, password, displayName);
  await signIn(username, password);
}

/** Picks up this tab's session after a reload; false when there is none. */
export async function resume() {
  if (!sessionStorage.getItem(REFRESH_KEY)) return false;
  try {
    await renew();
    return true;
  } catch {
    return false;
  }
}

/** Rotates the refresh token for a new pair; one renewal at a time, because a second use of the old token revokes. */
export function renew() {
  if (renewing) return renewing;
  const refreshToken = session?.refreshToken || sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return Promise.reject(new Error('no session'));
  renewing = api.refresh(refreshToken)
    .then((body) => {
      adopt(body);
      renewedListeners.forEach((fn) => fn(body.accessToken));
    })
    .catch((e) => {
      if (e.status === 401 || e.status === 403) end('expired');
      throw e;
    })
    .finally(() => { renewing = null; });
  return renewing;
}

export async function signOut() {
  const refreshToken = session?.refreshToken;
  forget();
  if (refreshToken) await api.logout(refreshToken).catch(() => {});
}

/** Drops the local session without telling the server (it already ended it: ban, revocation). */
export function forget() {
  session = null;
  sessionStorage.removeItem(REFRESH_KEY);
  clearInterval(checkTimer);
  checkTimer = null;
}

function end(reason) {
  forget();
  endedListeners.forEach((fn) => fn(reason));
}

function adopt(body) {
  const lifetimeMs = (body.expiresIn || 900) * 1000;
  session = {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    user: body.user,
    // renew a minute early (a fifth early for short lifetimes) so the socket's `auth` lands before expiry
    renewAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs * 0.8),
  };
  sessionStorage.setItem(REFRESH_KEY, body.refreshToken);
  // a periodic check rather than one long timeout: timers stall while a laptop sleeps or a tab is throttled
  clearInterval(checkTimer);
  checkTimer = setInterval(renewIfDue, Math.min(CHECK_EVERY_MS, lifetimeMs / 10));
}

function renewIfDue() {
  if (session && Date.now() >= session.renewAt) renew().catch(() => {});
}

document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && renewIfDue());

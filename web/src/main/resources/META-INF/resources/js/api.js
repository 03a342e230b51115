// The REST half of the contract (PROTOCOL §2): JSON over /api/*, errors as ParleyError with the contract's code.
import { ParleyError } from './errors.js';

let tokenSource = () => null;
let renewToken = async () => false;

/** Wires the access token and how to renew it after a 401 (auth.js does this once). */
export function useTokens(currentToken, renew) {
  tokenSource = currentToken;
  renewToken = renew;
}

const MAX_RATE_LIMIT_WAITS = 3;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function request(method, path, body, { auth = true, attempt = 0, renewed = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? tokenSource() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ParleyError('NETWORK', 'Cannot reach the server');
  }
  if (response.status === 401 && auth && token && !renewed && (await renewToken())) {
    return request(method, path, body, { auth, attempt, renewed: true });
  }
  if (response.status === 429 && attempt < MAX_RATE_LIMIT_WAITS) {
    // RATE_LIMITED: wait what the server asked, then try again
    await sleep(retryAfterMs(response));
    return request(method, path, body, { auth, attempt: attempt + 1, renewed });
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function retryAfterMs(response) {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

async function errorOf(response) {
  let code = 'INTERNAL';
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    code = body.code || code;
    message = body.message || message;
  } catch {
    if (response.status === 503 || response.status === 502) code = 'UNAVAILABLE';
  }
  const extra = { status: response.status };
  if (response.status === 429) extra.retryAfterMs = retryAfterMs(response);
  return new ParleyError(code, message, extra);
}

const q = (params) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
};
const enc = encodeURIComponent;

// --- auth-service ---
export const register = (username, password, displayName) =>
  request('POST', '/api/auth/register', { username, password, displayName: displayName || undefined }, { auth: false });
export const login = (username, password) => request('POST', '/api/auth/login', { username, password }, { auth: false });
export const refresh = (refreshToken) => request('POST', '/api/auth/refresh', { refreshToken }, { auth: false });
export const logout = (refreshToken) => request('POST', '/api/auth/logout', { refreshToken }, { auth: false });
export const me = () => request('GET', '/api/auth/me');
// sign-in through an external OpenID Connect provider: the buttons, and the one-time code the callback hands the page
export const oidcProviders = () => request('GET', '/api/auth/oidc/providers', undefined, { auth: false });
export const oidcRedeem = (code) => request('POST', '/api/auth/oidc/redeem', { code }, { auth: false });
export const findUsers = (text, limit = 20) => request('GET', `/api/auth/users${q({ q: text, limit })}`);

// --- chat-service ---
export const myChannels = () => request('GET', '/api/channels');
export const publicChannels = (text, limit = 50) => request('GET', `/api/channels/public${q({ q: text, limit })}`);
export const createChannel = (name, topic, visibility) =>
  request('POST', '/api/channels', { name, topic: topic || undefined, visibility });
export const joinChannel = (id) => request('POST', `/api/channels/${enc(id)}/join`, {});
export const leaveChannel = (id) => request('POST', `/api/channels/${enc(id)}/leave`, {});
export const invite = (id, userId) => request('POST', `/api/channels/${enc(id)}/members`, { userId });
export const members = (id, after, limit = 100) =>
  request('GET', `/api/channels/${enc(id)}/members${q({ after, limit })}`);
export const channelCommands = (id) => request('GET', `/api/channels/${enc(id)}/commands`);
export const openDm = (userId) => request('POST', '/api/dms', { userId });
export const messages = (id, { before, after, limit = 50 } = {}) =>
  request('GET', `/api/channels/${enc(id)}/messages${q({ before, after, limit })}`);
export const search = (text, channelId, limit = 30) => request('GET', `/api/search${q({ q: text, channelId, limit })}`);

// --- session-service ---
export const presence = (userIds) => request('GET', `/api/presence${q({ userIds: userIds.join(',') })}`);

// --- media-service ---
/** Uploads one file as multipart `file`; XHR because fetch reports no upload progress. Resolves to the media body. */
export function upload(file, onProgress, renewed = false) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/media');
    const token = tokenSource();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new ParleyError('NETWORK', 'Cannot reach the server'));
    xhr.onload = async () => {
      if (xhr.status === 401 && !renewed && (await renewToken())) {
        upload(file, onProgress, true).then(resolve, reject);
        return;
      }
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // a proxy error page, or empty
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ParleyError(body?.code || (xhr.status === 413 ? 'TOO_LARGE' : 'INTERNAL'),
        body?.message || `HTTP ${xhr.status}`, { status: xhr.status }));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The bytes of a file or thumbnail as a Blob: <img src> could not carry the Authorization header. */
export async function mediaBlob(path, renewed = false) {
  const token = tokenSource();
  let response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ParleyError('NETWORK', 'Cannot reach the server');
  }
  if (response.status === 401 && !renewed && (await renewToken())) return mediaBlob(path, true);
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}

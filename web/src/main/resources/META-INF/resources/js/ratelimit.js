// The gateway's per-user command limit (send, edit, react): after a RATE_LIMITED every such command waits the
// retryAfterMs it named, and for the next 10 s they go at most one per a little more than that wait, because a socket
// that collects more than 10 RATE_LIMITED answers in 10 s is closed 4029 (PROTOCOL §3).
const PACED_FOR_MS = 10_000; // the gateway's abuse window
let pausedUntil = 0;
let pacedUntil = 0;
let spacingMs = 0;
let lastAt = 0;

/** How long the next limited command must wait; 0 when it may go now. */
export function waitMs() {
  const now = Date.now();
  return Math.max(0, pausedUntil - now, now < pacedUntil ? lastAt + spacingMs - now : 0);
}

/** A limited command goes now. */
export function sent() {
  lastAt = Date.now();
}

/** A RATE_LIMITED answer; true when this starts a new wait (worth telling the person once). */
export function limited(retryAfterMs) {
  const now = Date.now();
  const wait = retryAfterMs || 1000;
  const fresh = now >= pausedUntil;
  pausedUntil = Math.max(pausedUntil, now + wait);
  // the wait for one token tells the rate; keep a margin under it
  spacingMs = Math.min(5000, Math.max(spacingMs, Math.max(wait, 100) * 1.25));
  pacedUntil = now + PACED_FOR_MS;
  return fresh;
}

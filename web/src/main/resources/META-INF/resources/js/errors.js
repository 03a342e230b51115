// Contract error codes (PROTOCOL §2, §3) and close codes as sentences a person can act on.

const MESSAGES = {
  INVALID: 'That was not accepted',
  UNAUTHENTICATED: 'Please sign in again',
  FORBIDDEN: 'You are not allowed to do that',
  NOT_FOUND: 'That no longer exists, or you cannot see it',
  CONFLICT: 'That conflicts with something that already exists',
  TOO_LARGE: 'That file is too large',
  UNSUPPORTED_MEDIA_TYPE: 'That kind of file or request is not supported',
  RATE_LIMITED: 'Slow down a little',
  UNAVAILABLE: 'The service is unavailable right now; try again shortly',
  BAD_FRAME: 'The client sent a malformed request',
  UNKNOWN_OP: 'The server does not know that request',
  INTERNAL: 'Something went wrong on the server',
  NETWORK: 'Cannot reach the server',
  DISCONNECTED: 'Not connected; it will be retried',
};

/** A readable sentence for an error from api.js or socket.js ({code, message}). */
export function describe(error) {
  const code = error?.code || 'INTERNAL';
  const base = MESSAGES[code] || `Error ${code}`;
  // the server's message names the field or reason; show it when it adds something
  const detail = error?.message && error.message !== code ? `: ${error.message}` : '';
  return code === 'INVALID' || code === 'CONFLICT' || code === 'FORBIDDEN' ? base + detail : base;
}

/** Close codes that end the session; anything else is a dropped socket we reconnect from. */
export const TERMINAL_CLOSES = {
  4003: { title: 'Your account has been banned', text: 'An administrator banned this account. You have been signed out.' },
  4009: { title: 'Signed out elsewhere', text: 'This session was ended from another device or by an administrator.' },
  4001: { title: 'Your session expired', text: 'Please sign in again to continue.' },
};

/**
 * Whether ending with close code `next` replaces the end already shown (`shown`, null when none). A ban (4003) or a
 * revocation (4009) says more than an expiry (4001): the ban refuses the refresh token as it closes the socket, so a
 * renewal due at that moment fails 401 a moment before or after the 4003; the ban must be what the person reads.
 */
export function replacesEnd(next, shown) {
  return shown == null || (shown === 4001 && next !== 4001);
}

/** An Error carrying a contract code. */
export class ParleyError extends Error {
  constructor(code, message, extra = {}) {
    super(message || code);
    this.code = code;
    Object.assign(this, extra);
  }
}

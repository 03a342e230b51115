// Short-lived messages for the person at the keyboard: contract errors in words, and progress notes.
import { describe } from './errors.js';
import { changed } from './store.js';

export const notices = [];
let nextId = 1;

/** Shows an error (anything with a contract code) or a plain sentence for a few seconds. */
export function notify(errorOrText, { kind = 'error', ms = 6000 } = {}) {
  const text = typeof errorOrText === 'string' ? errorOrText : describe(errorOrText);
  const notice = { id: nextId++, text, kind };
  notices.push(notice);
  if (notices.length > 4) notices.shift();
  changed('notice');
  setTimeout(() => {
    const i = notices.indexOf(notice);
    if (i >= 0) notices.splice(i, 1);
    changed('notice');
  }, ms);
}

// Sign in or create an account (POST /api/auth/login, /api/auth/register), or sign in with an external OpenID
// Connect provider (a "Sign in with …" link per provider of GET /api/auth/oidc/providers).
import * as api from '../api.js';
import * as auth from '../auth.js';
import { el, mount } from '../dom.js';
import { describe } from '../errors.js';

/**
 * Shows the form in root; onSignedIn() once a session exists. notice: an error {code, message} a provider's sign-in
 * ended with, shown above the form.
 */
export function showLogin(root, onSignedIn, notice) {
  let registering = false;
  const error = el('p', { class: 'form-error', role: 'alert', id: 'login-error' });
  const username = el('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true,
    minlength: 3, maxlength: 32, pattern: '[A-Za-z0-9_.\\-]+', placeholder: 'username' });
  const displayName = el('input', { id: 'login-display-name', name: 'displayName', maxlength: 64, placeholder: 'Display name (optional)' });
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', required: true, minlength: 8,
    maxlength: 128, autocomplete: 'current-password', placeholder: 'password' });
  const submit = el('button', { id: 'login-submit', class: 'primary', type: 'submit' });
  const toggle = el('button', { id: 'login-toggle', class: 'link', type: 'button', onclick: () => setMode(!registering) });
  const nameRow = el('label', {}, 'Display name', displayName);
  const title = el('h1', {});

  function setMode(register) {
    registering = register;
    title.textContent = register ? 'Create your account' : 'Sign in to Parley';
    submit.textContent = register ? 'Create account' : 'Sign in';
    toggle.textContent = register ? 'I already have an account' : 'New here? Create an account';
    password.autocomplete = register ? 'new-password' : 'current-password';
    nameRow.hidden = !register;
    error.textContent = '';
  }

  const form = el('form', {
    class: 'card',
    onsubmit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      try {
        if (registering) await auth.signUp(username.value.trim(), password.value, displayName.value.trim());
        else await auth.signIn(username.value.trim(), password.value);
        password.value = '';
      } catch (err) {
        error.textContent = err.code === 'UNAUTHENTICATED' ? 'Wrong username or password'
          : err.code === 'CONFLICT' ? 'That username is taken' : describe(err);
        submit.disabled = false;
        return;
      }
      submit.disabled = false;
      // outside the try: a fault in the chat screen must not read as a failed sign-in
      onSignedIn();
    },
  },
  el('div', { class: 'brand' }, el('span', { class: 'logo', 'aria-hidden': 'true' }), 'Parley'),
  title,
  el('label', {}, 'Username', username),
  nameRow,
  el('label', {}, 'Password', password),
  error, submit, toggle);
  // filled when the providers are known; the password fields go when the operator turned password sign-in off
  const providers = el('div', { class: 'oidc-providers', id: 'oidc-providers' });
  form.insertBefore(providers, title.nextSibling);
  setMode(false);
  if (notice) error.textContent = notice.code === 'FORBIDDEN' ? describe(notice) : `Sign-in failed: ${notice.message}`;
  mount(root, form);
  username.focus();
  api.oidcProviders().then((list) => {
    for (const p of list.providers) {
      // a plain link: the browser goes to the provider and comes back to /#oidc-code=... (app.js)
      providers.append(el('a', { class: 'button oidc-button', id: `oidc-${p.id}`, href: p.startUrl },
        `Sign in with ${p.name}`));
    }
    if (!list.passwordLogin) {
      for (const node of [...form.querySelectorAll('label'), submit, toggle]) node.hidden = true;
    }
  }).catch(() => {}); // no providers listed: the password form still works
}

import { api, get } from '../api.js';
import { esc } from '../format.js';
import { session } from '../app.js';

// signIn shows the sign-in page: e-mail and password when local accounts are on, and "Sign in
// with <provider>" when an OpenID Connect provider is configured (ui-config says which).
export async function signIn(main, done) {
  const config = await get('/api/v1/ui-config').catch(() => ({}));
  const how = config.sign_in || { password: true };
  const provider = how.provider_url
    ? `<p><a class="button" id="signin-provider" href="${esc(how.provider_url)}">Sign in with ${esc(how.provider_name)}</a></p>`
    : '';
  const password = how.password === false ? '' : `
    <label for="email">Email</label><input id="email" type="email" autocomplete="username" required>
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" required>
    <p id="signin-error" class="error" role="alert"></p>
    <button type="submit">Sign in</button>`;
  main.innerHTML = `<form class="signin" id="signin" novalidate>
    <h1>Sign in to placesafe</h1>${provider}${password}</form>`;
  const form = main.querySelector('#signin');
  if (!password) return;
  form.querySelector('#email').focus();
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const err = form.querySelector('#signin-error');
    err.textContent = '';
    try {
      await api('POST', '/api/v1/auth/login', {
        email: form.querySelector('#email').value, password: form.querySelector('#password').value });
      // The shell then reads who is signed in, and what their role may do, from /auth/me.
      session.user = null;
      done();
    } catch (e) {
      err.innerHTML = esc(e.message);
    }
  };
}

import { api } from '../api.js';
import { esc } from '../format.js';
import { session } from '../app.js';

export function signIn(main, done) {
  main.innerHTML = `<form class="signin" id="signin" novalidate>
    <h1>Sign in to placesafe</h1>
    <label for="email">Email</label><input id="email" type="email" autocomplete="username" required>
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" required>
    <p id="signin-error" class="error" role="alert"></p>
    <button type="submit">Sign in</button></form>`;
  const form = main.querySelector('#signin');
  form.querySelector('#email').focus();
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const err = form.querySelector('#signin-error');
    err.textContent = '';
    try {
      const { data } = await api('POST', '/api/v1/auth/login', {
        email: form.querySelector('#email').value, password: form.querySelector('#password').value });
      session.user = data.user;
      session.recordLevel = ['admin', 'analyst'].includes(data.user.role);
      done();
    } catch (e) {
      err.innerHTML = esc(e.message);
    }
  };
}

// Sign up, verify and log in; the login's second step (authenticator app code or recovery code) and passkey login;
// and signing in again when the server asks for a fresher login (step-up) before a sensitive change.
import { h, api, act, say, view, field, USER, REFRESH, storeTokens, onStepUp } from './ui.js';
import { textField, onSubmit, showErrors, clearErrors } from './forms.js';
import { passkeyLogin, passkeyProblem, passkeysSupported } from './webauthn.js';

/** The password grant: the token response, or {mfaToken} when the account asks for a second factor. */
async function passwordGrant(username, password) {
  try {
    return { tokens: await api('POST', '/v1/auth/token', { grant_type: 'password', username, password }) };
  } catch (e) {
    if (e.type && String(e.type).endsWith('mfa-required') && e.body && e.body.mfa_token) {
      return { mfaToken: e.body.mfa_token };
    }
    throw e;
  }
}

/**
 * The second step: the 6-digit code of the authenticator app, or (switching) one of the recovery codes; calls
 * {@code done(tokens)} once the code is accepted.
 */
export function secondStepForm(mfaToken, done) {
  const holder = h('div', { class: 'second-step' });
  const show = recovery => {
    const field = recovery
      ? textField('Enter one of your recovery codes', { name: 'otp', type: 'text', autocomplete: 'off',
        spellcheck: 'false', autocapitalize: 'none', required: true },
      'You saved 10 recovery codes when you set up your authenticator app. Each one works only once.')
      : textField('Enter the 6-digit code from your authenticator app', { name: 'otp', type: 'text',
        inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true },
      'Open the authenticator app on your phone. The code changes every 30 seconds.');
    const other = h('button', { type: 'button', class: 'link' },
      recovery ? 'Use the code from your authenticator app instead' : 'Use a recovery code instead');
    other.addEventListener('click', () => show(!recovery));
    const form = h('form', { 'aria-label': 'Second step', novalidate: true }, field,
      h('button', { type: 'submit' }, 'Continue'), h('p', {}, other));
    onSubmit(form, 'otp', async f => {
      const otp = String(f.get('otp') || '').replace(/\s+/g, '');
      if (!otp) {
        throw new Error(recovery ? 'Enter a recovery code' : 'Enter the 6-digit code from your authenticator app');
      }
      if (!recovery && !/^[0-9]{6}$/.test(otp)) throw new Error('The code must be 6 digits, like 123456');
      let tokens;
      try {
        tokens = await api('POST', '/v1/auth/token', { grant_type: 'mfa_otp', mfa_token: mfaToken, otp });
      } catch (e) {
        if (e.status === 401 && /mfa_token/.test(e.message)) {
          throw new Error('This sign-in has expired. Go back and enter your email and password again.');
        }
        if (e.status === 401) throw new Error(recovery ? 'That recovery code is wrong or has been used'
          : 'That code is wrong or has been used. Wait for the next code and try again');
        if (e.status === 429) throw new Error('Too many wrong codes. Wait a few minutes and try again');
        throw e;
      }
      await done(tokens);
    });
    holder.replaceChildren(form);
    form.querySelector('input').focus();
  };
  show(false);
  return holder;
}

/** A "Sign in with a passkey" button; calls {@code done(tokens)} after a passkey login. */
export function passkeyButton(done, errorsOn) {
  if (!passkeysSupported()) return null;
  const button = h('button', { type: 'button', class: 'secondary' }, 'Sign in with a passkey');
  button.addEventListener('click', () => act(button, async () => {
    if (errorsOn) clearErrors(errorsOn);
    let tokens;
    try {
      tokens = await passkeyLogin();
    } catch (e) {
      const problem = passkeyProblem(e);
      if (errorsOn) return showErrors(errorsOn, problem, null);
      throw problem;
    }
    await done(tokens);
  }));
  return button;
}

function tabs(mode) {
  return h('nav', { class: 'tabs', 'aria-label': 'Account' },
    [['signup', 'Sign up'], ['verify', 'Verify email'], ['login', 'Log in']].map(([m, label]) =>
      h('a', { href: '#/' + m, class: 'tab', 'aria-current': m === mode ? 'page' : null }, label)));
}

/** The sign-up, verify and log-in pages; {@code signedIn(tokens, username)} runs after a login. */
export function authView(mode, signedIn) {
  const username = sessionStorage.getItem(USER) || '';
  let form;
  // sign-up and verify keep their words and messages (the pages issue reworks them)
  if (mode === 'signup') {
    form = h('form', { 'aria-label': 'Sign up' },
      ...field('Email', { name: 'username', type: 'email', autocomplete: 'email', required: true, value: username }),
      ...field('Password (at least 12 characters)', { name: 'password', type: 'password',
        autocomplete: 'new-password', required: true, minlength: '12' }),
      h('button', { type: 'submit' }, 'Sign up'));
    form.addEventListener('submit', ev => { ev.preventDefault(); act(form.querySelector('button'), async () => {
      const f = new FormData(form);
      await api('POST', '/v1/auth/signup', { username: f.get('username'), password: f.get('password') });
      sessionStorage.setItem(USER, f.get('username'));
      location.hash = '#/verify';
      say('We emailed you a 6-digit code. Enter it to verify your email.');
    }); });
  } else if (mode === 'verify') {
    form = h('form', { 'aria-label': 'Verify email' },
      ...field('Email', { name: 'username', type: 'email', autocomplete: 'email', required: true, value: username }),
      ...field('Verification code', { name: 'verification_code', inputmode: 'numeric', autocomplete: 'one-time-code',
        pattern: '[0-9]{6}', required: true }),
      h('button', { type: 'submit' }, 'Verify'));
    form.addEventListener('submit', ev => { ev.preventDefault(); act(form.querySelector('button'), async () => {
      const f = new FormData(form);
      await api('POST', '/v1/auth/verify', { username: f.get('username'),
        verification_code: f.get('verification_code') });
      sessionStorage.setItem(USER, f.get('username'));
      location.hash = '#/login';
      say('Your email is verified. You can log in now.');
    }); });
  } else {
    const card = h('section', { class: 'card' });
    const finish = name => async tokens => {
      storeTokens(tokens, name);
      // a passkey login names nobody: remember who it was, for signing in again later
      if (!name) sessionStorage.setItem(USER, (await api('GET', '/v1/auth/me')).username);
      await signedIn();
    };
    form = h('form', { 'aria-label': 'Log in', novalidate: true }, textField('Email', { name: 'username', type: 'email',
      autocomplete: 'username', required: true, value: username, spellcheck: 'false' }),
      textField('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
      h('button', { type: 'submit' }, 'Log in'));
    onSubmit(form, 'password', async f => {
      const name = String(f.get('username') || '');
      if (!name || !f.get('password')) throw new Error('Enter your email address and password');
      const answer = await passwordGrant(name, f.get('password'));
      if (answer.tokens) return finish(name)(answer.tokens);
      sessionStorage.setItem(USER, name);
      view('Check it is you', h('p', {}, 'Your account has a second step to keep it safe.'),
        h('section', { class: 'card' }, secondStepForm(answer.mfaToken, finish(name))),
        h('p', {}, h('a', { href: '#/login', onclick: () => setTimeout(() => authView('login', signedIn)) },
          'Start again with your email and password')));
      document.querySelector('.second-step input').focus();
    });
    card.append(form);
    const passkey = passkeyButton(finish(null), form);
    if (passkey) card.append(h('p', { class: 'or' }, 'Or, if you have set up a passkey on this device:'), passkey);
    view('Log in', tabs(mode), card);
    return;
  }
  view(mode === 'signup' ? 'Sign up' : 'Verify your email', tabs(mode), h('section', { class: 'card' }, form));
}

/** Signs the person in again in a dialog (password, then the second step or a passkey); resolves when done. */
function signInAgain() {
  return new Promise((resolve, reject) => {
    const dialog = h('dialog', { 'aria-labelledby': 'reauth-title', class: 'confirm' });
    const close = () => { dialog.close(); dialog.remove(); };
    const done = async tokens => {
      // the new login replaces the old one: its session ends rather than linger in the list of devices
      const old = sessionStorage.getItem(REFRESH);
      storeTokens(tokens);
      if (old) await api('POST', '/v1/auth/logout', { refresh_token: old }).catch(() => null);
      close();
      resolve();
    };
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => { close(); reject(new Error('You need to sign in again to do that.')); });
    dialog.addEventListener('cancel', ev => { ev.preventDefault(); cancel.click(); });
    const form = h('form', { 'aria-label': 'Sign in again', novalidate: true },
      textField('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
      h('button', { type: 'submit' }, 'Continue'));
    const body = h('div', {}, form);
    onSubmit(form, 'password', async f => {
      if (!f.get('password')) throw new Error('Enter your password');
      const answer = await passwordGrant(sessionStorage.getItem(USER) || '', f.get('password'));
      if (answer.tokens) return done(answer.tokens);
      body.replaceChildren(secondStepForm(answer.mfaToken, done));
    });
    const passkey = passkeyButton(done, form);
    dialog.append(h('h2', { id: 'reauth-title' }, 'Sign in again to continue'),
      h('p', {}, 'You signed in more than 5 minutes ago. To keep your account safe, confirm it is you before this'
        + ' change. We will then finish what you asked.'), body,
      passkey ? h('p', {}, passkey) : null, h('p', {}, cancel));
    document.body.append(dialog);
    dialog.showModal();
    form.querySelector('input').focus();
  });
}

onStepUp(signInAgain);

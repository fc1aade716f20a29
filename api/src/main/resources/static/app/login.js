// Sign up, verify and log in; the login's second step (authenticator app code or recovery code) and passkey login;
// and signing in again when the server asks for a fresher login (step-up) before a sensitive change.
import { h, api, act, say, view, USER, REFRESH, storeTokens, onStepUp, href, go } from './ui.js';
import { t, formatNumber } from './i18n.js';
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
      ? textField(t('auth.second.recovery'), { name: 'otp', type: 'text', autocomplete: 'off',
        spellcheck: 'false', autocapitalize: 'none', required: true },
      t('auth.second.recoveryHint'))
      : textField(t('auth.second.code'), { name: 'otp', type: 'text',
        inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true },
      t('auth.second.codeHint'));
    const other = h('button', { type: 'button', class: 'link' },
      recovery ? t('auth.second.useCode') : t('auth.second.useRecovery'));
    other.addEventListener('click', () => show(!recovery));
    const form = h('form', { 'aria-label': t('auth.second.form'), novalidate: true }, field,
      h('button', { type: 'submit' }, t('auth.continue')), h('p', {}, other));
    onSubmit(form, 'otp', async f => {
      const otp = String(f.get('otp') || '').replace(/\s+/g, '');
      if (!otp) {
        throw new Error(recovery ? t('auth.second.recoveryMissing') : t('auth.second.code'));
      }
      if (!recovery && !/^[0-9]{6}$/.test(otp)) throw new Error(t('auth.second.format'));
      let tokens;
      try {
        tokens = await api('POST', '/v1/auth/token', { grant_type: 'mfa_otp', mfa_token: mfaToken, otp });
      } catch (e) {
        if (e.status === 401 && /mfa_token/.test(e.message)) {
          throw new Error(t('auth.second.expired'));
        }
        if (e.status === 401) throw new Error(recovery ? t('auth.second.recoveryWrong')
          : t('auth.second.codeWrong'));
        if (e.status === 429) throw new Error(t('auth.second.tooMany'));
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
  const button = h('button', { type: 'button', class: 'secondary' }, t('auth.passkey.button'));
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
  return h('nav', { class: 'tabs', 'aria-label': t('auth.tabs') },
    [['signup', t('auth.signup.tab')], ['verify', t('auth.verify.tab')], ['login', t('auth.login.tab')]]
      .map(([m, label]) => h('a', { href: href('/' + m), class: 'tab', 'aria-current': m === mode ? 'page' : null },
        label)));
}

let passwordRules = null;

/** The server's password rules (GET /v1/auth/password-policy), fetched once. */
export async function passwordPolicy() {
  if (!passwordRules) passwordRules = await api('GET', '/v1/auth/password-policy');
  return passwordRules;
}

/** A wrong code's problem in the person's words: how many tries remain, or that a new code was emailed. */
function codeProblem(e) {
  const left = e.body && e.body.tries_remaining;
  if (typeof left !== 'number') return e;
  const key = left === 0 ? 'auth.verify.newCode' : left === 1 ? 'auth.verify.oneTryLeft' : 'auth.verify.triesLeft';
  const message = t(key, { n: formatNumber(left) });
  return { message, errors: [{ path: 'verification_code', message }] };
}

async function signupForm(username) {
  const { min_length: min, max_length: max } = await passwordPolicy();
  const form = h('form', { 'aria-label': t('auth.signup.tab'), novalidate: true },
    textField(t('auth.email'), { name: 'username', type: 'email', autocomplete: 'email', required: true,
      value: username, spellcheck: 'false' }),
    textField(t('auth.password'), { name: 'password', type: 'password', autocomplete: 'new-password', required: true,
      minlength: String(min), maxlength: String(max) }, t('auth.password.hint', { min: formatNumber(min) })),
    h('button', { type: 'submit' }, t('auth.signup.tab')));
  onSubmit(form, 'password', async f => {
    const name = String(f.get('username') || '').trim();
    const password = String(f.get('password') || '');
    if (!name) {
      const message = t('auth.email.missing');
      throw { message, errors: [{ path: 'username', message }] };
    }
    if ([...password].length < min) {
      const message = t('auth.password.short', { min: formatNumber(min) });
      throw { message, errors: [{ path: 'password', message }] };
    }
    await api('POST', '/v1/auth/signup', { username: name, password });
    sessionStorage.setItem(USER, name);
    await go('/verify');
    say(t('auth.signup.done'));
  });
  return form;
}

function verifyForm(username) {
  const form = h('form', { 'aria-label': t('auth.verify.tab'), novalidate: true },
    textField(t('auth.email'), { name: 'username', type: 'email', autocomplete: 'email', required: true,
      value: username, spellcheck: 'false' }),
    textField(t('auth.verify.code'), { name: 'verification_code', type: 'text', inputmode: 'numeric',
      autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true }, t('auth.verify.hint')),
    h('button', { type: 'submit' }, t('auth.verify.button')));
  onSubmit(form, 'verification_code', async f => {
    const code = String(f.get('verification_code') || '').replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(code)) {
      const message = t('auth.verify.format');
      throw { message, errors: [{ path: 'verification_code', message }] };
    }
    try {
      await api('POST', '/v1/auth/verify', { username: f.get('username'), verification_code: code });
    } catch (e) {
      throw codeProblem(e);
    }
    sessionStorage.setItem(USER, f.get('username'));
    await go('/login');
    say(t('auth.verify.done'));
  });
  return form;
}

/** The sign-up, verify and log-in pages; {@code signedIn(tokens, username)} runs after a login. */
export async function authView(mode, signedIn) {
  const username = sessionStorage.getItem(USER) || '';
  if (mode === 'signup') {
    const form = await signupForm(username);
    return view(t('auth.signup.title'), tabs(mode), h('section', { class: 'card' }, form));
  }
  if (mode === 'verify') {
    return view(t('auth.verify.title'), tabs(mode), h('section', { class: 'card' }, verifyForm(username)));
  }
  const card = h('section', { class: 'card' });
  const finish = name => async tokens => {
    storeTokens(tokens, name);
    // a passkey login names nobody: remember who it was, for signing in again later
    if (!name) sessionStorage.setItem(USER, (await api('GET', '/v1/auth/me')).username);
    await signedIn();
  };
  const form = h('form', { 'aria-label': t('auth.login.tab'), novalidate: true },
    textField(t('auth.email'), { name: 'username', type: 'email', autocomplete: 'username', required: true,
      value: username, spellcheck: 'false' }),
    textField(t('auth.password'), { name: 'password', type: 'password', autocomplete: 'current-password',
      required: true }),
    h('button', { type: 'submit' }, t('auth.login.button')));
  onSubmit(form, 'password', async f => {
    const name = String(f.get('username') || '');
    if (!name || !f.get('password')) throw new Error(t('auth.login.missing'));
    const answer = await passwordGrant(name, f.get('password'));
    if (answer.tokens) return finish(name)(answer.tokens);
    sessionStorage.setItem(USER, name);
    view(t('auth.second.title'), h('p', {}, t('auth.second.why')),
      h('section', { class: 'card' }, secondStepForm(answer.mfaToken, finish(name))),
      h('p', {}, h('a', { href: href('/login'), onclick: ev => { ev.preventDefault(); authView('login', signedIn); } },
        t('auth.second.restart'))));
    document.querySelector('.second-step input').focus();
  });
  card.append(form);
  const passkey = passkeyButton(finish(null), form);
  if (passkey) card.append(h('p', { class: 'or' }, t('auth.login.passkeyOr')), passkey);
  view(t('auth.login.title'), tabs(mode), card);
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
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('auth.again.cancel'));
    cancel.addEventListener('click', () => { close(); reject(new Error(t('auth.again.needed'))); });
    dialog.addEventListener('cancel', ev => { ev.preventDefault(); cancel.click(); });
    const form = h('form', { 'aria-label': t('auth.again.form'), novalidate: true },
      textField(t('auth.password'), { name: 'password', type: 'password', autocomplete: 'current-password',
        required: true }),
      h('button', { type: 'submit' }, t('auth.continue')));
    const body = h('div', {}, form);
    onSubmit(form, 'password', async f => {
      if (!f.get('password')) throw new Error(t('auth.again.passwordMissing'));
      const answer = await passwordGrant(sessionStorage.getItem(USER) || '', f.get('password'));
      if (answer.tokens) return done(answer.tokens);
      body.replaceChildren(secondStepForm(answer.mfaToken, done));
    });
    const passkey = passkeyButton(done, form);
    dialog.append(h('h2', { id: 'reauth-title' }, t('auth.again.title')),
      h('p', {}, t('auth.again.why')), body,
      passkey ? h('p', {}, passkey) : null, h('p', {}, cancel));
    document.body.append(dialog);
    dialog.showModal();
    form.querySelector('input').focus();
  });
}

onStepUp(signInAgain);

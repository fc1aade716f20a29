// Passkeys (WebAuthn) in the browser: Kith's JSON options to the browser's ArrayBuffers and the browser's
// credentials back to JSON, for registration (signed in) and for a login with a discoverable credential.
import { api } from './ui.js';
import { t } from './i18n.js';

const bytes = s => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0)).buffer;
const text = b => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_')
  .replace(/=+$/, '');

export function passkeysSupported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

/** Creates a passkey on this device and registers it under {@code name}; returns Kith's view of it. */
export async function registerPasskey(name) {
  const opts = await api('POST', '/v1/auth/webauthn/registration/options');
  const publicKey = { ...opts, challenge: bytes(opts.challenge), user: { ...opts.user, id: bytes(opts.user.id) },
    excludeCredentials: (opts.excludeCredentials || []).map(c => ({ ...c, id: bytes(c.id) })) };
  const cred = await navigator.credentials.create({ publicKey });
  const credential = { id: cred.id, rawId: text(cred.rawId), type: cred.type,
    authenticatorAttachment: cred.authenticatorAttachment, clientExtensionResults: cred.getClientExtensionResults(),
    response: { clientDataJSON: text(cred.response.clientDataJSON),
      attestationObject: text(cred.response.attestationObject),
      transports: cred.response.getTransports ? cred.response.getTransports() : [] } };
  return api('POST', '/v1/auth/webauthn/registration', { credential, name: name || undefined });
}

/** Signs in with a passkey the device holds (no username asked); returns the token response. */
export async function passkeyLogin() {
  const opts = await api('POST', '/v1/auth/webauthn/authentication/options');
  const cred = await navigator.credentials.get({ publicKey: { ...opts, challenge: bytes(opts.challenge),
    allowCredentials: (opts.allowCredentials || []).map(c => ({ ...c, id: bytes(c.id) })) } });
  const credential = { id: cred.id, rawId: text(cred.rawId), type: cred.type,
    authenticatorAttachment: cred.authenticatorAttachment, clientExtensionResults: cred.getClientExtensionResults(),
    response: { clientDataJSON: text(cred.response.clientDataJSON),
      authenticatorData: text(cred.response.authenticatorData), signature: text(cred.response.signature),
      userHandle: cred.response.userHandle ? text(cred.response.userHandle) : null } };
  return api('POST', '/v1/auth/token', { grant_type: 'webauthn', credential });
}

/** The browser's refusal in plain words (the person cancelled, or the device has no passkey for Kith). */
export function passkeyProblem(e) {
  if (e && (e.name === 'NotAllowedError' || e.name === 'AbortError')) {
    return new Error(t('account.pk.notUsed'));
  }
  if (e && e.name === 'InvalidStateError') return new Error(t('account.pk.exists'));
  return e;
}

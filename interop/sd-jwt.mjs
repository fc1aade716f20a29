// SD-JWT (RFC 9901) with the independent @sd-jwt/* implementation.
// stdin: {op, ...}  stdout: JSON
//   verify  {jwks, presentation, nonce?, aud?}                  -> {verified, payload?, kb?, error?}
//   present {sd_jwt, jwks, reveal, holder_private_jwk?, aud?, nonce?} -> {presentation}
//   issue   {issuer_private_jwk, kid, claims, disclose}          -> {sd_jwt}
//   keys                                                        -> {private_jwk, public_jwk}
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { decodeProtectedHeader } from 'jose';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const kbVerifier = async (data, sig, payload) => (await ES256.getVerifier(payload.cnf.jwk))(data, sig);
// The issuer key is chosen by the JWT's kid from a JWK set, as a relying party does.
const keyFor = (jwks, token) => {
  const kid = decodeProtectedHeader(token.split('~')[0]).kid;
  const key = jwks.keys.find(k => k.kid === kid);
  if (!key) throw new Error('unknown kid ' + kid);
  return key;
};
async function instance({ verifyKey, signKey, holderKey }) {
  return new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
    signAlg: ES256.alg, signer: signKey && await ES256.getSigner(signKey),
    verifier: verifyKey && await ES256.getVerifier(verifyKey),
    kbSignAlg: ES256.alg, kbSigner: holderKey && await ES256.getSigner(holderKey), kbVerifier });
}
let out;
const now = Math.floor(Date.now() / 1000);
if (input.op === 'keys') {
  const k = await ES256.generateKeyPair();
  out = { private_jwk: k.privateKey, public_jwk: k.publicKey };
} else if (input.op === 'verify') {
  try {
    const sd = await instance({ verifyKey: keyFor(input.jwks, input.presentation) });
    const r = await sd.verify(input.presentation, input.nonce ? { keyBindingNonce: input.nonce } : {});
    if (input.aud && r.kb?.payload?.aud !== input.aud) throw new Error('wrong audience');
    out = { verified: true, payload: r.payload, kb: !!r.kb };
  } catch (e) {
    out = { verified: false, error: String(e.message || e) };
  }
} else if (input.op === 'present') {
  const sd = await instance({ verifyKey: keyFor(input.jwks, input.sd_jwt), holderKey: input.holder_private_jwk });
  const options = input.nonce ? { kb: { payload: { iat: now, aud: input.aud, nonce: input.nonce } } } : {};
  out = { presentation: await sd.present(input.sd_jwt, input.reveal, options) };
} else if (input.op === 'issue') {
  const sd = await instance({ signKey: input.issuer_private_jwk });
  out = { sd_jwt: await sd.issue({ iss: 'https://node-issuer.test', iat: now, vct: 'urn:test', ...input.claims },
    input.disclose, { header: { kid: input.kid } }) };
} else {
  throw new Error('unknown op ' + input.op);
}
process.stdout.write(JSON.stringify(out));

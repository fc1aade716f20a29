// The browser side of encrypted sharing, with Node's built-in WebCrypto (the same API browsers have).
// stdin: {op, ...}  stdout: JSON
//   generate {bits?}                 -> {public_jwk, private_jwk}   RSA-OAEP with SHA-512, 2048 bits by default
//   seal {public_jwk, plaintext}     -> envelope (AES-GCM 256 data, key wrapped with RSA-OAEP SHA-512)
//   open {private_jwk, envelope}     -> {plaintext}
const { subtle } = globalThis.crypto;
const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const b64u = buf => Buffer.from(buf).toString('base64url');
const unb64u = s => Buffer.from(s, 'base64url');
const RSA = { name: 'RSA-OAEP', hash: 'SHA-512' };
let out;
if (input.op === 'generate') {
  const pair = await subtle.generateKey({ ...RSA, modulusLength: input.bits || 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true, ['wrapKey', 'unwrapKey']);
  out = { public_jwk: await subtle.exportKey('jwk', pair.publicKey), private_jwk: await subtle.exportKey('jwk', pair.privateKey) };
} else if (input.op === 'seal') {
  const recipient = await subtle.importKey('jwk', input.public_jwk, RSA, false, ['wrapKey']);
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle.encrypt({ name: 'AES-GCM', iv }, aes, Buffer.from(input.plaintext, 'utf8'));
  const wrapped = await subtle.wrapKey('raw', aes, recipient, { name: 'RSA-OAEP' });
  out = { encrypted_data: { algorithm: { name: 'AES-GCM', length: 256 }, data: b64u(data), iv: b64u(iv) },
          encrypted_key: { encrypted_key: b64u(wrapped) } };
} else if (input.op === 'open') {
  const own = await subtle.importKey('jwk', input.private_jwk, RSA, false, ['unwrapKey']);
  const env = input.envelope;
  const aes = await subtle.unwrapKey('raw', unb64u(env.encrypted_key.encrypted_key), own, { name: 'RSA-OAEP' },
    { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
  const plain = await subtle.decrypt({ name: 'AES-GCM', iv: unb64u(env.encrypted_data.iv) }, aes,
    unb64u(env.encrypted_data.data));
  out = { plaintext: Buffer.from(plain).toString('utf8') };
} else if (input.op === 'wrap-aes') {
  // a field key: AES-GCM 256 wrapped under the app key (what an instance's keys entry carries)
  const recipient = await subtle.importKey('jwk', input.public_jwk, RSA, false, ['wrapKey']);
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const wrapped = await subtle.wrapKey('raw', aes, recipient, { name: 'RSA-OAEP' });
  out = { encrypted_key: b64u(wrapped), raw: b64u(await subtle.exportKey('raw', aes)) };
} else if (input.op === 'unwrap-aes') {
  const own = await subtle.importKey('jwk', input.private_jwk, RSA, false, ['unwrapKey']);
  const aes = await subtle.unwrapKey('raw', unb64u(input.encrypted_key), own, { name: 'RSA-OAEP' },
    { name: 'AES-GCM', length: 256 }, true, ['decrypt']);
  out = { raw: b64u(await subtle.exportKey('raw', aes)) };
} else {
  throw new Error('unknown op ' + input.op);
}
process.stdout.write(JSON.stringify(out));

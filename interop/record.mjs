// Verifies a Kith verification record as an independent relying party would: canonical JSON with the
// `canonicalize` package (RFC 8785), the detached JWS with `jose` against a JWK set fetched over HTTP.
// stdin: {jwks_url, data, signature}  stdout: {verified, kid?, error?}
import { createRemoteJWKSet, flattenedVerify, decodeProtectedHeader } from 'jose';
import canonicalize from 'canonicalize';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const [header, empty, signature] = input.signature.split('.');
const out = {};
try {
  if (empty !== '') throw new Error('not a detached JWS');
  const payload = Buffer.from(canonicalize(input.data), 'utf8');
  const jwks = createRemoteJWKSet(new URL(input.jwks_url));
  const result = await flattenedVerify({ protected: header, payload: payload.toString('base64url'), signature }, jwks,
    { algorithms: ['ES256'] });
  out.verified = true;
  out.kid = result.protectedHeader.kid;
  out.typ = decodeProtectedHeader(input.signature).typ;
} catch (e) {
  out.verified = false;
  out.error = e.code || e.message;
}
process.stdout.write(JSON.stringify(out));

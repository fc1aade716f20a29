// A relying party's check of a Kith webhook with the Standard Webhooks reference library (npm standardwebhooks).
// stdin: {deliveries: [{secret, headers: {webhook-id, webhook-timestamp, webhook-signature}, body}]}
// stdout: {results: [{ok: true, payload} | {ok: false, error}]}  one per delivery, in order
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');
const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const results = input.deliveries.map(d => {
  try {
    return { ok: true, payload: new Webhook(d.secret).verify(d.body, d.headers) };
  } catch (e) {
    return { ok: false, error: String(e.message || e) };
  }
});
process.stdout.write(JSON.stringify({ results }));

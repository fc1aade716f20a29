// The black-box suite's main paths, walked through a client typed by Kith's own OpenAPI document: openapi-typescript
// generates the types from /v3/api-docs ("kith-openapi"), openapi-fetch sends the requests, and tsc (strict) refuses
// this file when a path, parameter or property it uses is renamed or retyped in the Java records.
// Run by api/src/test/java/org/kith/api/web/GeneratedClientIT.java.
// argv: <base URL (loopback)> <mail pickup directory> <access token of a platform admin>
// stdout (last line): {"ok": true, "steps": [...]} or {"ok": false, "step", "error", "steps"}; exit code 1 on failure
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "kith-openapi";
import fs from "node:fs";
import path from "node:path";

type Schemas = components["schemas"];
type Api = Client<paths>;

const [baseArg, mailDirArg, adminTokenArg] = process.argv.slice(2);
const base = need(baseArg, "argument 1: base URL");
const mailDir = need(mailDirArg, "argument 2: mail directory");
const adminToken = need(adminTokenArg, "argument 3: admin token");
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) {
  throw new Error(`only loopback servers are walked, not ${base}`);
}
const password = "a generated client's passphrase";
const passed: string[] = [];
let current = "start";

function api(token?: string): Api {
  const headers = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  return createClient<paths>({ baseUrl: base, headers });
}

function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) {
    throw new Error(`${what} is missing`);
  }
  return value;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(what);
  }
}

function status(response: Response, expected: number, error: unknown): void {
  if (response.status !== expected) {
    throw new Error(`${response.url}: HTTP ${response.status}, expected ${expected}: ${JSON.stringify(error)}`);
  }
}

/** The problem answered for a refused call: its status must be the expected one. */
function refused(response: Response, error: Schemas["Problem"] | undefined, expected: number): void {
  check(response.status === expected, `${response.url}: HTTP ${response.status}, expected ${expected}`);
  const problem = need(error, "the problem body");
  check(problem.status === expected && problem.detail.length > 0 && problem.message === problem.detail,
    `a ${expected} problem with detail and message: ${JSON.stringify(problem)}`);
}

/**
 * One member of a value the document describes as a free-form map: a profile object's schema-defined properties,
 * an analyst query's nodes, and the verification and JWKS answers that are still Map<String, Object> on the Java
 * side. Read as unknown and narrowed by the caller, never assumed.
 */
function member(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return undefined;
  }
  return new Map<string, unknown>(Object.entries(value)).get(key);
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new Error(`${what}: expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

async function step(name: string, body: () => Promise<void>): Promise<void> {
  current = name;
  await body();
  passed.push(name);
}

/** The newest 6-digit code emailed to the user, from the .eml pickup directory. */
function codeFor(user: string): string | undefined {
  const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter(f => f.endsWith(".eml")).sort() : [];
  let code: string | undefined;
  for (const file of files) {
    const raw = fs.readFileSync(path.join(mailDir, file), "latin1").replace(/\r\n/g, "\n");
    const split = raw.indexOf("\n\n");
    const head = raw.slice(0, split).replace(/\n[ \t]+/g, " ");
    const to = /^To:(.*)$/im.exec(head)?.[1];
    if (to === undefined || !to.toLowerCase().includes(user)) {
      continue;
    }
    let body = raw.slice(split + 2);
    if (/Content-Transfer-Encoding:\s*base64/i.test(head)) {
      body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    }
    if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head)) {
      body = body.replace(/=\n/g, "").replace(/=3D/g, "=");
    }
    code = /code is: (\d{6})/.exec(body)?.[1] ?? code;
  }
  return code;
}

async function emailedCode(user: string): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const code = codeFor(user);
    if (code !== undefined) {
      return code;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`no verification email for ${user}`);
}

async function signUp(username: string): Promise<string> {
  const { data, error, response } = await api().POST("/v1/auth/signup", { body: { username, password } });
  status(response, 201, error);
  return text(need(data, "signup answer").u_id, "u_id");
}

async function verify(username: string): Promise<void> {
  const verification_code = await emailedCode(username);
  const { data, error, response } = await api().POST("/v1/auth/verify", { body: { username, verification_code } });
  status(response, 200, error);
  text(need(data, "verify answer").message, "message");
}

async function logIn(username: string): Promise<Schemas["Tokens"]> {
  const { data, error, response } = await api().POST("/v1/auth/token",
    { body: { grant_type: "password", username, password } });
  status(response, 200, error);
  const tokens = need(data, "token answer");
  text(tokens.access_token, "access_token");
  text(tokens.identity_token, "identity_token");
  text(tokens.refresh_token, "refresh_token");
  check(tokens.token_type === "Bearer" && (tokens.expires_in ?? 0) > 0, "token_type Bearer and expires_in > 0");
  return tokens;
}

const stamp = Date.now().toString(36);
const alice = `contract-alice-${stamp}@example.org`;
const bank = `contract-bank-${stamp}@example.org`;
const document = Buffer.from("passport scan").toString("base64");

try {
  let aliceId = "";
  let tokens: Schemas["Tokens"] | undefined;
  let me: Api = api();
  await step("sign up", async () => { aliceId = await signUp(alice); });
  await step("verify with the emailed code", async () => verify(alice));
  await step("log in", async () => {
    tokens = await logIn(alice);
    me = api(need(tokens.access_token, "access_token"));
  });
  await step("who am I", async () => {
    const { data, error, response } = await me.GET("/v1/auth/me");
    status(response, 200, error);
    const who = need(data, "me");
    check(who.u_id === aliceId && who.username === alice, `me is ${JSON.stringify(who)}`);
    check(Array.isArray(who.groups) && Array.isArray(who.organizations), "groups and organizations are lists");
  });
  await step("refresh", async () => {
    const refresh_token = need(need(tokens, "tokens").refresh_token, "refresh_token");
    const { data, error, response } = await api().POST("/v1/auth/token",
      { body: { grant_type: "refresh_token", refresh_token } });
    status(response, 200, error);
    const fresh = need(data, "refreshed tokens");
    check(text(fresh.refresh_token, "refresh_token") !== refresh_token, "the refresh token rotates");
    tokens = fresh;
    me = api(text(fresh.access_token, "access_token"));
  });
  await step("list schemas", async () => {
    const { data, error, response } = await me.GET("/v1/db/schemas", { params: { query: { schema_type: "ss" } } });
    status(response, 200, error);
    const schemas = need(need(data, "schema list").schemas, "schemas");
    check(schemas.some(s => s.schema_type === "ss" && s.schema_id === "NZ_Person"), "ss NZ_Person is listed");
  });
  await step("read a schema", async () => {
    const { data, error, response } = await me.GET("/v1/db/schemas/{type}/{id}",
      { params: { path: { type: "ss", id: "NZ_Person" } } });
    status(response, 200, error);
    const schema = need(data, "schema");
    check(schema.name === "ss_NZ_Person" && (schema.version ?? 0) >= 1, `schema ${schema.name} v${schema.version}`);
    check(schema.schema !== undefined && member(schema.schema, "type") === "object", "the JSON Schema itself");
  });
  await step("validate against a schema", async () => {
    const { data, error, response } = await me.POST("/v1/db/schemas/{type}/{id}/validate",
      { params: { path: { type: "ss", id: "NZ_Person" } }, body: { given_names: 42 } });
    status(response, 200, error);
    const validation = need(data, "validation");
    check(validation.valid === false && need(validation.errors, "errors").length > 0, "invalid, with errors");
  });
  let nId = "";
  await step("create a profile object", async () => {
    const { data, error, response } = await me.POST("/v1/db/profile-objects", { body: { schema: "ss_NZ_Person",
      properties: { given_names: "Aroha", family_name: "Ngata", date_of_birth: "1988-03-14" },
      document: { content: document, type: "text/plain" } } });
    status(response, 201, error);
    const created = need(need(data, "created objects")[0], "the created object");
    nId = text(created.n_id, "n_id");
    check(created.schema === "ss_NZ_Person" && need(created.labels, "labels")[0] === "ss_NZ_Person", "schema, label");
    check(created.document?.type === "text/plain" && created.document.size === 13, "the document's description");
  });
  await step("read it", async () => {
    const { data, error, response } = await me.GET("/v1/db/profile-objects/{nId}", { params: { path: { nId } } });
    status(response, 200, error);
    const view: Schemas["ProfileObjectView"] = need(data, "object");
    check(view.n_id === nId && member(view.properties, "given_names") === "Aroha", `read: ${JSON.stringify(view)}`);
  });
  await step("update it", async () => {
    const { data, error, response } = await me.PUT("/v1/db/profile-objects/{nId}", { params: { path: { nId } },
      body: { properties: { given_names: "Aroha Mere", family_name: "Ngata", date_of_birth: "1988-03-14" } } });
    status(response, 200, error);
    const updated = need(data, "updated object");
    check(member(updated.properties, "given_names") === "Aroha Mere", "the new given_names");
  });
  await step("list mine", async () => {
    const { data, error, response } = await me.GET("/v1/db/profile-objects",
      { params: { query: { label: ["ss_NZ_Person"], permissions: ["IS_OWNER"] } } });
    status(response, 200, error);
    const page = need(need(data, "page").profile_objects, "profile_objects");
    check(page.length === 1 && page[0]?.n_id === nId && page[0].permission === "IS_OWNER",
      `exactly mine, as owner: ${JSON.stringify(page)}`);
  });
  await step("read its document", async () => {
    const { data, error, response } = await me.GET("/v1/db/profile-objects/{nId}/content",
      { params: { path: { nId } } });
    status(response, 200, error);
    check(need(data, "content").content === document, "the stored bytes");
  });

  let bankId = "";
  let banker: Api = api();
  await step("a second user signs up", async () => {
    bankId = await signUp(bank);
    await verify(bank);
    banker = api(need((await logIn(bank)).access_token, "access_token"));
  });
  let pId = "";
  await step("grant VIEWS", async () => {
    const { data, error, response } = await me.POST("/v1/db/permissions/{nId}",
      { params: { path: { nId } }, body: { u_id: bankId, permission: "VIEWS" } });
    status(response, 200, error);
    const grant = need(need(data, "granted").relationships, "relationships")[0];
    check(grant?.u_id === bankId && grant.permission === "VIEWS" && grant.end === nId,
      `grant ${JSON.stringify(grant)}`);
    pId = text(grant?.p_id, "p_id");
  });
  await step("list grants", async () => {
    const { data, error, response } = await me.GET("/v1/db/permissions/{nId}", { params: { path: { nId } } });
    status(response, 200, error);
    const grants = need(data, "grants");
    check(grants.n_id === nId, "n_id");
    const held = need(grants.permissions, "permissions");
    check(held.some(g => g.u_id === aliceId && g.permission === "IS_OWNER"), "the owner's IS_OWNER");
    check(held.some(g => g.p_id === pId && g.u_id === bankId && g.permission === "VIEWS"), "the new VIEWS");
  });
  await step("the grantee reads it", async () => {
    const { data, error, response } = await banker.GET("/v1/db/profile-objects/{nId}", { params: { path: { nId } } });
    status(response, 200, error);
    const view: Schemas["ProfileObjectView"] = need(data, "object");
    check(view.n_id === nId && member(view.properties, "given_names") === "Aroha Mere",
      `read: ${JSON.stringify(view)}`);
    const list = await banker.GET("/v1/db/profile-objects",
      { params: { query: { label: ["ss_NZ_Person"], permissions: ["VIEWS"] } } });
    status(list.response, 200, list.error);
    const listed = need(need(list.data, "page").profile_objects, "profile_objects").find(o => o.n_id === nId);
    check(listed?.permission === "VIEWS", `listed with VIEWS: ${JSON.stringify(listed)}`);
  });
  await step("the grantee may not update it", async () => {
    const { error, response } = await banker.PUT("/v1/db/profile-objects/{nId}",
      { params: { path: { nId } }, body: { properties: { given_names: "Mallory" } } });
    refused(response, error, 403);
  });
  await step("analyst query", async () => {
    const { data, error, response } = await banker.POST("/v1/db/query", { body: {
      query: "MATCH (n:ss_NZ_Person) WHERE n.n_id = $id RETURN n", params: { id: nId } } });
    status(response, 200, error);
    const result = need(data, "query result");
    check(JSON.stringify(result.columns) === "[\"n\"]" && result.truncated === false, "columns [n], not truncated");
    const node = need(result.rows, "rows")[0]?.[0];
    check(node?.["n_id"] === nId && member(node["properties"], "given_names") === "Aroha Mere", "the shared node");
  });
  let aId = "";
  await step("create an application", async () => {
    const { data, error, response } = await banker.POST("/v1/aa/applications", { body: { name: "Contract Bank",
      scopes: ["kyc"], callback_uri: ["https://bank.example/callback"], generate_secret: true, transitions: [
        { state: "Submitted", next_states: [{ state: "Processing" }] }] } });
    status(response, 201, error);
    const app = need(data, "application");
    aId = text(app.a_id, "a_id");
    check(text(app.key, "key").startsWith("kith_app_") && text(app.secret, "secret").length > 0, "key and secret");
  });
  await step("consent screen", async () => {
    const { data, error, response } = await me.GET("/v1/aa/applications/{aId}/consent",
      { params: { path: { aId } } });
    status(response, 200, error);
    const screen = need(data, "consent screen");
    check(screen.a_id === aId && screen.name === "Contract Bank" && screen.scopes?.[0] === "kyc", "name, scopes");
  });
  let iId = "";
  await step("share with the application", async () => {
    const { data, error, response } = await me.POST("/v1/aa/instances",
      { body: { a_id: aId, profile_objects: [nId], reference: "loan-42" } });
    status(response, 201, error);
    const instance = need(data, "instance");
    iId = text(instance.i_id, "i_id");
    check(instance._state === "Submitted" && instance.reference === "loan-42", "Submitted, with its reference");
    check(text(instance.confirmation_code, "confirmation_code").length === 8, "an 8-character confirmation code");
  });
  await step("list my shares", async () => {
    const { data, error, response } = await me.GET("/v1/aa/instances");
    status(response, 200, error);
    check(need(data, "shares").some(s => s.i_id === iId && s.a_id === aId), "the share is listed");
  });
  await step("the application reads the share", async () => {
    const inbox = await banker.GET("/v1/aa/applications/{aId}/instances", { params: { path: { aId } } });
    status(inbox.response, 200, inbox.error);
    check(need(inbox.data, "inbox")[0]?.i_id === iId, "the inbox holds the share");
    const { data, error, response } = await banker.GET("/v1/aa/instances/{iId}", { params: { path: { iId } } });
    status(response, 200, error);
    const shared = need(need(data, "instance").profile_objects, "profile_objects");
    check(shared.length === 1 && shared[0]?.n_id === nId, "the shared object");
    const content = await banker.GET("/v1/aa/instances/{iId}/profile-objects/{nId}/content",
      { params: { path: { iId, nId } } });
    status(content.response, 200, content.error);
    check(need(content.data, "content").content === document, "the shared document");
  });
  await step("the application moves the share", async () => {
    const { data, error, response } = await banker.PUT("/v1/aa/instances/{iId}",
      { params: { path: { iId } }, body: { _state: "Processing", custom: { note: "checking" } } });
    status(response, 200, error);
    const moved = need(data, "instance");
    check(moved._state === "Processing" && member(moved.custom, "note") === "checking", "Processing, with custom");
  });
  await step("withdraw", async () => {
    const { data, error, response } = await me.DELETE("/v1/aa/instances/{iId}", { params: { path: { iId } } });
    status(response, 200, error);
    check(need(data, "instance")._state === "Withdrawn", "Withdrawn");
  });
  await step("after withdrawal the application sees nothing", async () => {
    const { data, error, response } = await banker.GET("/v1/aa/instances/{iId}", { params: { path: { iId } } });
    status(response, 200, error);
    const instance = need(data, "instance");
    check(instance._state === "Withdrawn" && need(instance.profile_objects, "profile_objects").length === 0,
      `withdrawn and empty: ${JSON.stringify(instance)}`);
  });
  await step("revoke the grant", async () => {
    const { error, response } = await me.DELETE("/v1/db/permissions/{pId}", { params: { path: { pId } } });
    status(response, 204, error);
    const after = await banker.GET("/v1/db/profile-objects/{nId}", { params: { path: { nId } } });
    refused(after.response, after.error, 404);
  });
  await step("delete the profile object", async () => {
    const { error, response } = await me.DELETE("/v1/db/profile-objects/{nId}", { params: { path: { nId } } });
    status(response, 204, error);
  });
  await step("it is gone", async () => {
    const { error, response } = await me.GET("/v1/db/profile-objects/{nId}", { params: { path: { nId } } });
    refused(response, error, 404);
  });
  await step("JWKS", async () => {
    const { data, error, response } = await api().GET("/.well-known/jwks.json");
    status(response, 200, error);
    const keys = member(data, "keys");
    check(Array.isArray(keys) && keys.length > 0, "a non-empty key set");
    check(Array.isArray(keys) && keys.every(k => typeof member(k, "kid") === "string"), "every key has a kid");
  });
  await step("sign and check a verification", async () => {
    const payload = { n_id: "contract-check", given_names: "Aroha" };
    const signed = await api(adminToken).POST("/v1/verify/sign", { body: { data: payload } });
    status(signed.response, 200, signed.error);
    const signature = text(member(signed.data, "signature"), "signature");
    check(signature.split(".").length === 3 && signature.includes(".."), "a detached compact JWS");
    const checked = await api().POST("/v1/verify/check", { body: { data: payload, signature } });
    status(checked.response, 200, checked.error);
    check(member(need(checked.data, "check answer")[0], "verified") === true, "verified");
    const forged = await api().POST("/v1/verify/check",
      { body: { data: { ...payload, given_names: "Mallory" }, signature } });
    status(forged.response, 200, forged.error);
    check(member(need(forged.data, "check answer")[0], "verified") === false, "a changed value is not verified");
  });
  await step("log out", async () => {
    const refresh_token = need(need(tokens, "tokens").refresh_token, "refresh_token");
    const { error, response } = await me.POST("/v1/auth/logout", { body: { refresh_token } });
    status(response, 204, error);
    const again = await api().POST("/v1/auth/token", { body: { grant_type: "refresh_token", refresh_token } });
    refused(again.response, again.error, 401);
  });
  process.stdout.write(JSON.stringify({ ok: true, steps: passed }) + "\n");
} catch (e) {
  const error = e instanceof Error ? e.message : String(e);
  process.stdout.write(JSON.stringify({ ok: false, step: current, error, steps: passed }) + "\n");
  process.exitCode = 1;
}

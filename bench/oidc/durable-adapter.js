// A durable storage adapter for oidc-provider, for a fair comparison with Kith (which commits every code, grant,
// token and audit event to Neo4j before answering): every write is appended as a JSON line to one file and
// fdatasync'ed before the write's promise resolves (group commit: the writes that arrive while a sync is under way
// go out together with the next one, as a database's log does). Reads are served from an in-memory index that the
// log is replayed into at start, so nothing acknowledged is lost when the process dies.
// Node 20 has no node:sqlite, hence a log rather than SQLite.
import { closeSync, existsSync, fdatasync, openSync, readFileSync, write } from 'node:fs';

const epoch = () => Math.floor(Date.now() / 1000);

class Log {
  constructor(file) {
    this.entries = new Map();
    this.grants = new Map();
    this.uids = new Map();
    this.userCodes = new Map();
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line) {
          this.apply(JSON.parse(line));
        }
      }
    }
    this.fd = openSync(file, 'a');
    this.pending = [];
    this.flushing = false;
  }

  apply(r) {
    if (r.op === 'upsert') {
      this.entries.set(r.key, { payload: r.payload, expiresAt: r.expiresAt });
      const { grantId, uid, userCode } = r.payload;
      if (grantId) {
        if (!this.grants.has(grantId)) {
          this.grants.set(grantId, new Set());
        }
        this.grants.get(grantId).add(r.key);
      }
      if (uid) {
        this.uids.set(`${r.model}:${uid}`, r.key);
      }
      if (userCode) {
        this.userCodes.set(`${r.model}:${userCode}`, r.key);
      }
    } else if (r.op === 'consume') {
      const e = this.entries.get(r.key);
      if (e) {
        e.payload = { ...e.payload, consumed: r.at };
      }
    } else if (r.op === 'destroy') {
      this.entries.delete(r.key);
    } else if (r.op === 'revokeGrant') {
      for (const key of this.grants.get(r.grantId) ?? []) {
        this.entries.delete(key);
      }
      this.grants.delete(r.grantId);
    }
  }

  // applies the record now (so this process reads its own writes) and resolves once it is on disk
  commit(r) {
    this.apply(r);
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(r)}\n`, resolve, reject });
      if (!this.flushing) {
        this.flush();
      }
    });
  }

  flush() {
    const batch = this.pending;
    this.pending = [];
    this.flushing = true;
    const done = (err) => {
      for (const b of batch) {
        if (err) b.reject(err); else b.resolve();
      }
      if (this.pending.length) {
        this.flush();
      } else {
        this.flushing = false;
      }
    };
    const text = batch.map((b) => b.line).join('');
    write(this.fd, text, null, 'utf8', (err) => (err ? done(err) : fdatasync(this.fd, done)));
  }

  find(key) {
    const e = this.entries.get(key);
    if (!e || (e.expiresAt && e.expiresAt <= epoch())) {
      return undefined;
    }
    return e.payload;
  }

  close() {
    closeSync(this.fd);
  }
}

export function durableAdapter(file) {
  const log = new Log(file);
  return class DurableAdapter {
    constructor(model) {
      this.model = model;
    }

    key(id) {
      return `${this.model}:${id}`;
    }

    async upsert(id, payload, expiresIn) {
      await log.commit({
        op: 'upsert', model: this.model, key: this.key(id), payload, expiresAt: expiresIn ? epoch() + expiresIn : 0,
      });
    }

    async find(id) {
      return log.find(this.key(id));
    }

    async findByUid(uid) {
      const key = log.uids.get(`${this.model}:${uid}`);
      return key ? log.find(key) : undefined;
    }

    async findByUserCode(userCode) {
      const key = log.userCodes.get(`${this.model}:${userCode}`);
      return key ? log.find(key) : undefined;
    }

    async consume(id) {
      await log.commit({ op: 'consume', key: this.key(id), at: epoch() });
    }

    async destroy(id) {
      await log.commit({ op: 'destroy', key: this.key(id) });
    }

    async revokeByGrantId(grantId) {
      await log.commit({ op: 'revokeGrant', grantId });
    }
  };
}

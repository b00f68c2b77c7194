// Mail tests' kit: a real SMTP server (tests/http/smtpd.py, aiosmtpd) whose received messages are read
// back as parsed JSON, a server that accepts and never answers, and the background command wb-cron.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BUILD, freePort } from './harness.mjs';

// startSmtp({port}) -> {port, dir, messages(), stop()}; messages are sorted by arrival.
export async function startSmtp({ port, dir } = {}) {
  port = port ?? await freePort();
  dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wb-smtp-'));
  const child = spawn(fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', [path.join(ROOT, 'tests/http/smtpd.py'), String(port), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes('ready')) resolve(); });
    child.on('exit', (c) => reject(new Error(`smtpd.py ended with ${c}`)));
  });
  return {
    port,
    dir,
    messages() {
      return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

// A TCP server on loopback that accepts connections and never says a word (a hanging relay).
export async function startSilent() {
  const sockets = new Set();
  const server = net.createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    stop() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

// Runs build/wb-cron against the test server's database; resolves to {status, stdout, stderr, ms}.
export function cron(srv, env = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(path.join(BUILD, 'wb-cron'), [], {
      cwd: ROOT,
      env: { ...process.env, WB_DB: srv.db, WB_SCHEMA: path.join(ROOT, 'schema'), WB_MAIL_CONNECT_TIMEOUT: '2', WB_MAIL_TIMEOUT: '4', ...env },
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (status) => resolve({ status, stdout, stderr, ms: Date.now() - t0 }));
  });
}

export function cronSync(srv, env = {}) {
  return spawnSync(path.join(BUILD, 'wb-cron'), [], {
    cwd: ROOT, encoding: 'utf8',
    env: { ...process.env, WB_DB: srv.db, WB_SCHEMA: path.join(ROOT, 'schema'), WB_MAIL_CONNECT_TIMEOUT: '2', WB_MAIL_TIMEOUT: '4', ...env },
  });
}

// Waits until fn() returns a truthy value (polling), or throws after ms.
export async function until(fn, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

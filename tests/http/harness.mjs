// Starts a Wagenbuch under tools/server.sh with its own port and var dir for one test file, and stops it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD = path.resolve(ROOT, process.env.WB_BUILD || 'build');

// A port the kernel just handed out and released; good enough for one test run at a time.
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Lines in the workers' logs that a sanitizer or a crash wrote.
const BAD = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: \w+Sanitizer/;

// startServer({demo, workers, env}) -> {base, port, varDir, db, sql(query), logs(), stop()}.
// env: extra environment for server.sh (and so for the workers it spawns).
// stop() throws if a worker log holds a sanitizer report, so `make test SAN=1` catches them.
// WB_KEEP_VAR=1 keeps the var dir (database, logs) after stop.
export async function startServer({ demo = true, workers = 2, env = {} } = {}) {
  const port = await freePort();
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-http-'));
  const args = ['start', '--var', varDir, '--build', BUILD, '--port', String(port), '--workers', String(workers)];
  if (demo) args.push('--demo');
  const r = spawnSync(path.join(ROOT, 'tools/server.sh'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    spawnSync(path.join(ROOT, 'tools/server.sh'), ['stop', '--var', varDir]);
    throw new Error(`tools/server.sh start failed (${r.status}):\n${r.stdout}${r.stderr}`);
  }
  const db = path.join(varDir, 'wagenbuch.db');
  const logDir = path.join(varDir, 'log');
  let stopped = false;

  const logs = () => {
    let out = '';
    for (const f of fs.readdirSync(logDir).sort()) {
      if (f.startsWith('nginx-access')) continue;
      const text = fs.readFileSync(path.join(logDir, f), 'utf8');
      if (text) out += `== ${f}\n${text}`;
    }
    return out;
  };

  return {
    base: `http://127.0.0.1:${port}`,
    port,
    varDir,
    db,
    // Rows of one SQL statement (or the last of several) as objects, via the sqlite3 CLI.
    sql(query) {
      const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, query], { encoding: 'utf8' });
      return out.trim() ? JSON.parse(out) : [];
    },
    logs,
    async stop() {
      if (stopped) return;
      stopped = true;
      const s = spawnSync(path.join(ROOT, 'tools/server.sh'), ['stop', '--var', varDir], { encoding: 'utf8' });
      const text = logs();
      const bad = text.split('\n').filter((l) => BAD.test(l));
      if (!process.env.WB_KEEP_VAR && bad.length === 0) fs.rmSync(varDir, { recursive: true, force: true });
      if (s.status !== 0) throw new Error(`tools/server.sh stop failed:\n${s.stdout}${s.stderr}`);
      if (bad.length) throw new Error(`worker logs in ${logDir} report errors:\n${text}`);
    },
  };
}

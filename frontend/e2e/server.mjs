// Starts the real Rapport binary on a free port with a fresh SQLite database.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export async function startServer({ demo = true } = {}) {
  const bin = resolve(process.env.RAPPORT_BIN ?? '../bin/rapport');
  if (!existsSync(bin)) throw new Error(`Rapport binary not found at ${bin} (set RAPPORT_BIN or run make build)`);
  const dir = mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      RAPPORT_DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
      // demo: true/false, or a language of the demo data ('zh', 'en').
      RAPPORT_DEMO: typeof demo === 'string' ? demo : demo ? '1' : '0',
      RAPPORT_ADDR: `127.0.0.1:${port}`,
      // Plain http://127.0.0.1: the session cookie cannot be Secure here.
      RAPPORT_INSECURE_HTTP: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode != null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 90s:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    dbPath: join(dir, 'e2e.db'),
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 5000);
        child.once('exit', () => { clearTimeout(t); r(); });
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

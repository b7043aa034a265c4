#!/usr/bin/env -S npx tsx
/**
 * Makes pgTAP loadable by the embedded PostgreSQL, without root: copies the distribution's
 * pgtap.control and pgtap--*.sql into the embedded server's extension directory. The files
 * come from an installed postgresql-NN-pgtap package, else from `apt-get download` of it
 * unpacked with `dpkg-deb -x` into .golden-record/pgtap/ (a cache).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedNativeDir } from '../src/embedded.ts';

export async function embeddedExtensionDir(): Promise<string> {
  return join(await embeddedNativeDir(), 'share', 'postgresql', 'extension');
}

function installedPgtapDir(root = '/usr/share/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  for (const major of readdirSync(root).sort().reverse()) {
    const dir = join(root, major, 'extension');
    if (existsSync(join(dir, 'pgtap.control'))) return dir;
  }
  return undefined;
}

function downloadedPgtapDir(cache: string): string {
  const unpacked = join(cache, 'root');
  const found = installedPgtapDir(join(unpacked, 'usr', 'share', 'postgresql'));
  if (found) return found;
  mkdirSync(cache, { recursive: true });
  const packages = ['postgresql-15-pgtap', 'postgresql-16-pgtap', 'postgresql-17-pgtap', 'postgresql-pgtap'];
  for (const name of packages) {
    try {
      execFileSync('apt-get', ['download', name], { cwd: cache, stdio: 'pipe' });
      const deb = readdirSync(cache).find((f) => f.endsWith('.deb'));
      if (!deb) continue;
      execFileSync('dpkg-deb', ['-x', join(cache, deb), unpacked], { stdio: 'pipe' });
      const dir = installedPgtapDir(join(unpacked, 'usr', 'share', 'postgresql'));
      if (dir) return dir;
    } catch {
      // try the next package name
    }
  }
  throw new Error(
    'pgTAP is not available for the embedded PostgreSQL: install it with `apt-get install postgresql-15-pgtap` ' +
      '(or make `apt-get download postgresql-15-pgtap` work), or set DATABASE_URL to a server that has pgTAP.',
  );
}

/** Copies pgTAP into the embedded server's share directory unless it is there already. */
export async function provisionEmbeddedPgtap(cache = resolve('.golden-record', 'pgtap')): Promise<string> {
  const target = await embeddedExtensionDir();
  if (existsSync(join(target, 'pgtap.control'))) return target;
  const source = installedPgtapDir() ?? downloadedPgtapDir(cache);
  for (const file of readdirSync(source).filter((f) => /^pgtap(-core|-schema)?(--[\d.]+)?\.(sql|control)$/.test(f) || f === 'pgtap.control')) {
    copyFileSync(join(source, file), join(target, file));
  }
  return target;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`pgTAP provisioned in ${await provisionEmbeddedPgtap()}`);
}

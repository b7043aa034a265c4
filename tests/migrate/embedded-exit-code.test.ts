import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';

it('keeps a failing exit code once the embedded server module is loaded (no exit hook forces 0)', () => {
  const script = `
    await import(${JSON.stringify(join(PACKAGE_ROOT, 'src', 'embedded.ts'))});
    process.exitCode = 3;`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(3);
});

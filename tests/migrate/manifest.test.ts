import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeLayerFiles, createsTrigger, manifestFiles, PACKAGE_ROOT } from '../../src/code-layer.ts';

const manifest = readFileSync(join(PACKAGE_ROOT, 'sql/manifest.txt'), 'utf8');
const listed = manifestFiles();

describe('sql/manifest.txt, the install order of the code layer', () => {
  it('lists every .sql file under sql/ once, the finishing step last', () => {
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.at(-1)).toBe('security/finish_install_tables.sql');
    expect(listed.indexOf('legacy/_set_aside_legacy_view.sql')).toBeLessThan(listed.indexOf('core/calls_with_caller_names.sql'));
  });

  it('lists the triggers after every other file but the last, so their table locks are held for the end of the install only', () => {
    const triggers = codeLayerFiles().filter(createsTrigger).map((f) => f.path.replace(/^sql\//, ''));
    expect(triggers.length).toBeGreaterThan(10);
    expect(listed.slice(-1 - triggers.length, -1).sort()).toEqual([...triggers].sort());
  });

  it('refuses a .sql file it does not list, naming it', () => {
    expect(() => manifestFiles(manifest, [...listed, 'ingest/new_helper.sql'])).toThrow(
      'sql/manifest.txt does not list sql/ingest/new_helper.sql (add it where it must run)',
    );
  });

  it('refuses a listed file that does not exist, and a file listed twice', () => {
    const present = listed.filter((f) => f !== 'core/current_org_id.sql');
    expect(() => manifestFiles(manifest, present)).toThrow('sql/manifest.txt lists sql/core/current_org_id.sql, which does not exist');
    expect(() => manifestFiles(`${manifest}\ncore/_act_for_org.sql\n`)).toThrow('lists sql/core/_act_for_org.sql twice');
  });
});

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { callAnalytics } from '../client/dashboard.ts';
import { PACKAGE_ROOT } from '../code-layer.ts';
import { withClient } from '../database.ts';
import { embeddedHome } from '../embedded.ts';
import { formatStats } from '../format.ts';
import { ingestPaths } from '../ingest.ts';
import { migrateUp } from '../migrate.ts';
import { formatSummary } from './ingest.ts';
import { writeReport } from './report.ts';

const EXAMPLES = join(PACKAGE_ROOT, 'examples');
/** The clinic the example payloads belong to (examples/demo-seed.sql maps its assistant). */
const DEMO_ORG = '6c1f3e2a-55b0-4b1e-9a57-0c2f0d3d9e11';
/** The day of the example calls. */
const DEMO_PERIOD = { from: '2025-03-06T00:00:00Z', to: '2025-03-07T00:00:00Z' };

/**
 * `golden-record demo` (what `npm start` runs): migrate, seed the example clinic, ingest the
 * webhooks in examples/, print what became of them and the clinic's stats, and write the
 * clinic's HTML report next to the data (GOLDEN_RECORD_HOME, else ./.golden-record), its path
 * the last line printed. Safe to rerun:
 * the seed is idempotent and redelivered webhooks land on the same rows.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('migrate, ingest the example webhooks in examples/ and print the stats (npm start)')
    .action(async () => {
      const reportPath = await withClient(program, async (sql, url) => {
        const ran = await migrateUp({ databaseUrl: url, schema: program.opts<{ schema: string }>().schema });
        console.log(ran.length ? `migrated: ${ran.length} migration(s) applied` : 'migrated: schema up to date');
        const seed = await readFile(join(EXAMPLES, 'demo-seed.sql'), 'utf8');
        await sql.begin((tx) => tx.unsafe(seed));
        console.log(`\ningested examples/:\n${formatSummary(await ingestPaths(sql, [EXAMPLES]))}`);
        const stats = await callAnalytics(sql, DEMO_ORG, DEMO_PERIOD);
        console.log(`\n${formatStats(stats)}`);
        await mkdir(embeddedHome(), { recursive: true });
        return (await writeReport(sql, DEMO_ORG, DEMO_PERIOD, join(embeddedHome(), 'demo-report.html'))).path;
      });
      console.log(`\nthe clinic's report (open it in a browser):\n${reportPath}`);
    });
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { auditKey, verifyAuditChain } from '@akson/server';
import { openDatabase } from '@akson/store';
import { configOrExit } from './load-config.ts';

export const auditVerifyHelp = `akson audit verify [--checkpoint FILE]
  Recomputes every seal of the audit log and reports changed, removed, reordered, hidden (deleted flag, re-filed)
  or renamed entries. With --checkpoint,
  compares the lane heads with those saved in FILE at the previous run (detecting a rolled-back tail) and saves
  the current ones. Exit code 0 = intact, 1 = tampering found.`;

export async function auditVerify(flags: { checkpoint?: string }): Promise<void> {
  const config = configOrExit();
  const db = await openDatabase({
    url: config.database.url,
    dataDir: config.database.dataDir,
    poolSize: 2,
    statementTimeoutMs: 0,
  });
  try {
    const previousHeads =
      flags.checkpoint && existsSync(flags.checkpoint)
        ? (
            JSON.parse(readFileSync(flags.checkpoint, 'utf8')) as {
              heads: { lane: number; seq: number; hash: string }[];
            }
          ).heads
        : undefined;
    const started = performance.now();
    const report = await verifyAuditChain(db, auditKey(config), {
      index: { baseUrl: `${config.publicUrl}/fhir`, timeZone: config.timeZone },
      ...(previousHeads ? { previousHeads } : {}),
      onProgress: (n) => {
        if (process.stderr.isTTY) process.stderr.write(`\rVerifying audit log: ${n} entries`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (report.problems.length === 0) {
      process.stdout.write(
        `Audit log intact: ${report.entries} entries in ${report.lanes} lanes verified in ${seconds} s.\n`,
      );
    } else {
      process.stdout.write(
        `AUDIT LOG TAMPERED: ${report.problems.length} problem(s) in ${report.entries} entries:\n`,
      );
      for (const p of report.problems)
        process.stdout.write(`  lane ${p.lane}, entry ${p.seq}: ${p.kind} — ${p.detail}\n`);
    }
    // A checkpoint moves forward only from an intact log: otherwise the next run would accept the tampering.
    if (flags.checkpoint && report.problems.length === 0) {
      writeFileSync(
        flags.checkpoint,
        JSON.stringify({ at: new Date().toISOString(), heads: report.heads }, null, 2),
      );
      process.stdout.write(
        `Checkpoint saved to ${flags.checkpoint}; keep it somewhere the database administrators cannot change.\n`,
      );
    } else if (flags.checkpoint) {
      process.stdout.write(`Checkpoint ${flags.checkpoint} left as it was.\n`);
    }
    process.exitCode = report.problems.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

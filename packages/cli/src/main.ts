#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { auditVerify, auditVerifyHelp } from './commands/audit-verify.ts';
import { seed, seedHelp } from './commands/seed.ts';
import { serve, serveHelp } from './commands/serve.ts';
import { token, tokenHelp } from './commands/token.ts';

const HELP = `akson: the Akson shared health record

Commands:
  ${[serveHelp, seedHelp, tokenHelp, auditVerifyHelp].map((h) => h.split('\n').join('\n  ')).join('\n\n  ')}

Run "npm start" for the demo, "npm test" for every test.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' } },
      });
      await serve(values);
      return;
    }
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: {
          municipalities: { type: 'string' },
          all: { type: 'boolean' },
          citizens: { type: 'string' },
          size: { type: 'string' },
          years: { type: 'string' },
          seed: { type: 'string' },
          now: { type: 'string' },
          'data-dir': { type: 'string' },
        },
      });
      await seed(values);
      return;
    }
    case 'token': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { 'data-dir': { type: 'string' } },
      });
      await token(positionals[0], values);
      return;
    }
    case 'audit': {
      const [sub, ...args] = rest;
      if (sub !== 'verify') break;
      const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' } } });
      await auditVerify(values);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return;
  }
  process.stderr.write(`Unknown command "${argv.join(' ')}".\n\n${HELP}\n`);
  process.exit(2);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

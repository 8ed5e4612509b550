#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { serve, serveHelp } from './commands/serve.ts';

const HELP = `akson: the Akson shared health record

Commands:
  ${serveHelp.split('\n').join('\n  ')}

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
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}\n`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts a benchmark server script in its own process (so the load generator never shares its event loop) and
 * waits for the one JSON line it prints when ready. Its progress goes to our stderr.
 */
export async function spawnBenchServer<T>(
  script: string,
  args: readonly string[],
): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  child.removeAllListeners('exit');
  return { child, ready: JSON.parse(line) as T };
}

export async function stopBenchServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

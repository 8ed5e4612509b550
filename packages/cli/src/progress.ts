/**
 * Progress for long-running commands: one line rewritten in place on a terminal, occasional lines otherwise
 * (CI logs), and a summary at the end.
 */
export class Progress {
  readonly #label: string;
  readonly #tty: boolean;
  readonly #started = performance.now();
  #lastPrint = 0;

  constructor(label: string) {
    this.#label = label;
    this.#tty = process.stderr.isTTY === true;
  }

  update(done: number, total: number, detail = ''): void {
    const now = performance.now();
    if (done < total && now - this.#lastPrint < (this.#tty ? 100 : 2000)) return;
    this.#lastPrint = now;
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const line = `${this.#label} ${bar} ${pct}% (${done}/${total})${detail ? ' ' + detail : ''}`;
    if (this.#tty) process.stderr.write(`\r${line}\x1b[K`);
    else process.stderr.write(`${line}\n`);
  }

  done(summary: string): void {
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(1);
    if (this.#tty) process.stderr.write('\r\x1b[K');
    process.stderr.write(`${this.#label}: ${summary} (${seconds} s)\n`);
  }
}

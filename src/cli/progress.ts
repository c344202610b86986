/** Progress for long batches: a redrawn bar on a TTY, a count line now and then otherwise. */
export class Progress {
  private done = 0;
  private failed = 0;
  private lastLine = Date.now();
  private printedDone = -1;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private total?: number,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  get count(): number {
    return this.done;
  }

  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastLine > 80) this.draw(now);
    } else if (now - this.lastLine > 5000) {
      this.stream.write(`${this.summary(now)}\n`);
      this.lastLine = now;
      this.printedDone = this.done;
    }
  }

  finish(): void {
    if (this.tty) this.stream.write(`\r\x1b[K`);
    // A count line already printed for the last item is not repeated.
    if ((this.done > 1 || !this.tty) && this.done !== this.printedDone) this.stream.write(`${this.summary(Date.now())}\n`);
  }

  private draw(now: number): void {
    this.lastLine = now;
    const width = 30;
    let bar = "";
    if (this.total) {
      const filled = Math.round((width * Math.min(this.done, this.total)) / this.total);
      bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] `;
    }
    this.stream.write(`\r\x1b[K${bar}${this.summary(now)}`);
  }

  private summary(now: number): string {
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const of = this.total ? `/${this.total}` : "";
    const failed = this.failed ? `, ${this.failed} failed` : "";
    return `${this.label} ${this.done - this.failed}${of}${failed} (${(this.done / secs).toFixed(1)}/s)`;
  }
}

import { createWriteStream, type WriteStream } from "node:fs";
import type { Analysis } from "../analysis/schema.js";
import { renderText } from "../explain/report.js";

export type Format = "text" | "json" | "jsonl";
export const FORMATS: readonly Format[] = ["text", "json", "jsonl"];

/** Writes analyses as they come: JSON as one object (or an array for several), JSONL a line each. */
export class AnalysisWriter {
  private count = 0;
  private pending: Analysis | null = null;
  private readonly stream: NodeJS.WritableStream;

  constructor(private readonly format: Format, outPath?: string) {
    this.stream = outPath ? createWriteStream(outPath) : process.stdout;
  }

  async write(a: Analysis): Promise<void> {
    if (this.format === "text") return this.emit(renderText(a));
    if (this.format === "jsonl") return this.emit(`${JSON.stringify(a)}\n`);
    // json: a single article prints as an object; from the second on it becomes an array.
    if (this.count === 0) {
      this.pending = a;
    } else {
      if (this.pending) {
        await this.emit(`[\n${JSON.stringify(this.pending, null, 2)}`);
        this.pending = null;
      }
      await this.emit(`,\n${JSON.stringify(a, null, 2)}`);
    }
    this.count++;
  }

  async close(): Promise<void> {
    if (this.format === "json") {
      if (this.pending) await this.emit(`${JSON.stringify(this.pending, null, 2)}\n`);
      else if (this.count > 1) await this.emit("\n]\n");
      else if (this.count === 0) await this.emit("[]\n");
    }
    if (this.stream !== process.stdout) {
      await new Promise<void>((resolve, reject) => (this.stream as WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
  }

  private emit(chunk: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stream.write(chunk)) resolve();
      else this.stream.once("drain", resolve);
      this.stream.once("error", reject);
    });
  }
}

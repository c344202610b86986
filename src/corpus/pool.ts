import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Analysis } from "../analysis/schema.js";
import type { RawDocument } from "../article/types.js";
import { analyze } from "../analyze.js";
import { PACKAGE_ROOT } from "../ml/paths.js";
import type { WorkerRequest, WorkerResponse } from "./worker.js";

/** Analyzes documents: in worker threads (one per core by default), or in this thread with `threads: 0`. */
export interface Analyzer {
  analyze(doc: RawDocument): Promise<Analysis>;
  close(): Promise<void>;
}

export function createAnalyzer(threads: number = availableParallelism()): Analyzer {
  return threads > 0 ? new WorkerPool(threads, workerScript()) : { analyze: async (doc) => analyze(doc), close: async () => {} };
}

/** The compiled worker next to this module; from the TypeScript sources (tests) the built one in dist/. */
function workerScript(): string {
  const beside = fileURLToPath(new URL("./worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(PACKAGE_ROOT, "dist", "corpus", "worker.js");
  if (existsSync(built)) return built;
  throw new Error("analysis workers need the compiled worker: run `npm run build` first");
}

interface Job {
  doc: RawDocument;
  resolve: (a: Analysis) => void;
  reject: (e: Error) => void;
}

/**
 * Jobs sent to a worker before its previous one is back: the next article waits in the worker's
 * queue, so a worker never idles while the main thread is busy storing.
 */
const WORKER_DEPTH = 2;

class WorkerPool implements Analyzer {
  /** Jobs out per worker. */
  private readonly load = new Map<Worker, number>();
  private readonly queue: Array<Job & { seq: number }> = [];
  private readonly running = new Map<number, Job & { worker: Worker }>();
  private seq = 0;
  private closed = false;

  constructor(size: number, private readonly script: string) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(this.script);
    worker.on("message", (res: WorkerResponse) => this.settle(worker, res));
    // A worker that dies (out of memory, a native crash) fails its jobs; a new one takes its place.
    worker.on("error", (err) => this.failWorker(worker, err));
    worker.unref(); // idle workers must not keep the process alive
    this.load.set(worker, 0);
  }

  analyze(doc: RawDocument): Promise<Analysis> {
    if (this.closed) return Promise.reject(new Error("analyzer closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ seq: this.seq++, doc, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      // The least loaded worker, if any has room.
      let worker: Worker | undefined;
      for (const [w, n] of this.load) if (n < WORKER_DEPTH && (worker === undefined || n < this.load.get(worker)!)) worker = w;
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(job.seq, { ...job, worker });
      if (this.load.get(worker) === 0) worker.ref(); // keep the process alive while work is out
      this.load.set(worker, this.load.get(worker)! + 1);
      worker.postMessage({ seq: job.seq, doc: job.doc } satisfies WorkerRequest);
    }
  }

  private settle(worker: Worker, res: WorkerResponse): void {
    const job = this.running.get(res.seq);
    this.running.delete(res.seq);
    const load = Math.max(0, (this.load.get(worker) ?? 1) - 1);
    if (this.load.has(worker)) this.load.set(worker, load);
    if (load === 0) worker.unref();
    if (job) {
      if ("error" in res) job.reject(new Error(res.error));
      else job.resolve(res.analysis);
    }
    this.dispatch();
  }

  private failWorker(worker: Worker, err: Error): void {
    for (const [seq, job] of this.running) {
      if (job.worker !== worker) continue;
      this.running.delete(seq);
      job.reject(err);
    }
    this.load.delete(worker);
    if (this.closed) return;
    this.spawn();
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("analyzer closed"));
    await Promise.all([...this.load.keys()].map((w) => w.terminate()));
  }
}

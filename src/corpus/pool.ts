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

/**
 * Old-generation heap of each analysis worker, in MB. Without a bound V8 lets every worker's heap
 * grow long before collecting, and a long ingest on two workers sat at about 1 GB; bounded, it
 * stays near 0.7 GB at the same speed. An article that needs more (a few MB of text) is redone
 * in a one-off worker without the bound.
 */
export const WORKER_HEAP_MB = 512;

export function createAnalyzer(threads: number = availableParallelism(), { heapMb = WORKER_HEAP_MB }: { heapMb?: number } = {}): Analyzer {
  return threads > 0 ? new WorkerPool(threads, workerScript(), heapMb) : { analyze: async (doc) => analyze(doc), close: async () => {} };
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
  /** Workers redoing a job that outgrew the bounded heap. */
  private readonly oneOff = new Set<Worker>();
  private seq = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly script: string,
    private readonly heapMb: number,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
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
    const outOfMemory = (err as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
    for (const [seq, job] of this.running) {
      if (job.worker !== worker) continue;
      this.running.delete(seq);
      // Which of the worker's jobs outgrew the bounded heap is unknown: each is redone unbounded.
      if (outOfMemory && !this.closed) this.analyzeUnbounded(job);
      else job.reject(err);
    }
    this.load.delete(worker);
    if (this.closed) return;
    this.spawn();
    this.dispatch();
  }

  /** One job in a worker of its own without the heap bound, ended when the job is done. */
  private analyzeUnbounded(job: Job): void {
    const worker = new Worker(this.script);
    this.oneOff.add(worker);
    let settled = false;
    const settle = (result: Analysis | Error) => {
      if (settled) return;
      settled = true;
      this.oneOff.delete(worker);
      void worker.terminate();
      if (result instanceof Error) job.reject(result);
      else job.resolve(result);
    };
    worker.once("message", (res: WorkerResponse) => settle("error" in res ? new Error(res.error) : res.analysis));
    worker.once("error", settle);
    worker.once("exit", () => settle(new Error("analyzer closed")));
    worker.postMessage({ seq: 0, doc: job.doc } satisfies WorkerRequest);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("analyzer closed"));
    await Promise.all([...this.load.keys(), ...this.oneOff].map((w) => w.terminate()));
  }
}

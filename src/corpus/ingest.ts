import type { Analysis } from "../analysis/schema.js";
import type { InputItem } from "../io/inputs.js";
import type { PutOptions, Store } from "../store/types.js";
import type { InputMeta } from "./metadata.js";
import { contentHash } from "./fingerprint.js";
import type { Analyzer } from "./pool.js";

export interface IngestOptions {
  store: Store;
  analyzer: Analyzer;
  /** Overrides for every article: outlet, publication date. */
  overrides?: Omit<PutOptions, "label">;
  /** Articles analyzed at once; bounds memory whatever the input size (the CLI keeps 3 per worker: up to 2 queued at each, the rest being stored). */
  inFlight?: number;
  /** Stop reading inputs; articles already analyzed are still stored. */
  signal?: AbortSignal;
  onItem?: (outcome: IngestOutcome) => void;
}

export type IngestOutcome =
  | { label: string; status: "new"; id: string; duplicateOf: string | null }
  | { label: string; status: "existing"; id: string; updated?: boolean }
  | { label: string; status: "failed"; error: string };

export interface IngestSummary {
  read: number;
  stored: number;
  existing: number;
  /** Of the existing, those whose outlet or date this run changed. */
  updated: number;
  nearDuplicates: number;
  failed: string[];
  interrupted: boolean;
}

/** Analyses committed together: one commit per article would cost more than storing it. */
const BATCH_SIZE = 32;
/** A slow input (a trickling stdin) still gets its articles committed this soon. */
const BATCH_WAIT_MS = 1000;

/**
 * Streams inputs through the analyzer into the store, committing in small batches, so an
 * interrupted run keeps everything committed so far; a re-run skips stored content before
 * analyzing it (the id is the content hash), which is what makes it resume.
 */
export async function ingest(inputs: AsyncIterable<InputItem>, options: IngestOptions): Promise<IngestSummary> {
  const { store, analyzer, signal } = options;
  const limit = options.inFlight ?? 4;
  const summary: IngestSummary = { read: 0, stored: 0, existing: 0, updated: 0, nearDuplicates: 0, failed: [], interrupted: false };
  const report = (outcome: IngestOutcome) => {
    if (outcome.status === "failed") summary.failed.push(outcome.error);
    else if (outcome.status === "existing") {
      summary.existing++;
      if (outcome.updated) summary.updated++;
    }
    else {
      summary.stored++;
      if (outcome.duplicateOf) summary.nearDuplicates++;
    }
    options.onItem?.(outcome);
  };
  const pending = new Set<Promise<void>>();
  // Content being analyzed right now: a second copy in the same batch waits for the first.
  const analyzing = new Map<string, Promise<void>>();
  const batch: Array<{ label: string; analysis: Analysis; input?: InputMeta }> = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const items = batch.splice(0);
    if (!items.length) return;
    try {
      const results = await store.putAnalyses(items.map(({ label, analysis, input }) => ({ analysis, options: { ...options.overrides, label, input } })));
      results.forEach((put, i) => {
        const { label } = items[i];
        report(put.status === "new" ? { label, status: "new", id: put.id, duplicateOf: put.duplicateOf } : { label, status: "existing", id: put.id, updated: put.updated });
      });
    } catch (err) {
      for (const { label } of items) report({ label, status: "failed", error: `${label}: not stored: ${(err as Error).message.split("\n")[0]}` });
    }
  };

  for await (const item of inputs) {
    if (signal?.aborted) break;
    summary.read++;
    if ("error" in item) {
      report({ label: item.label, status: "failed", error: item.error });
      continue;
    }
    const id = contentHash(item.doc.text);
    const earlier = analyzing.get(id);
    if (earlier || (await store.has(id))) {
      await earlier;
      // Stored before: only what this input says of it may be news (an --outlet, a sidecar entry).
      let updated = false;
      try {
        updated = await store.updateMetadata(id, item.doc.meta, { ...options.overrides, input: item.meta });
      } catch (err) {
        report({ label: item.label, status: "failed", error: `${item.label}: metadata not updated: ${(err as Error).message.split("\n")[0]}` });
        continue;
      }
      report({ label: item.label, status: "existing", id, ...(updated ? { updated } : {}) });
      continue;
    }
    const job = analyzer
      .analyze(item.doc)
      .then(
        async (analysis) => {
          batch.push({ label: item.label, analysis, input: item.meta });
          if (batch.length >= BATCH_SIZE) await flush();
          else timer ??= setTimeout(flush, BATCH_WAIT_MS);
        },
        (err: Error) => report({ label: item.label, status: "failed", error: `${item.label}: ${signal?.aborted ? "interrupted" : `analysis failed: ${err.message.split("\n")[0]}`}` }),
      )
      .finally(() => {
        pending.delete(job);
        analyzing.delete(id);
      });
    pending.add(job);
    analyzing.set(id, job);
    if (pending.size >= limit) await Promise.race(pending);
  }
  await Promise.all(pending);
  await flush();
  summary.interrupted = Boolean(signal?.aborted);
  return summary;
}

import { parentPort } from "node:worker_threads";
import type { RawDocument } from "../article/types.js";
import { analyze } from "../analyze.js";

/** Analysis worker: loads the models once (on the first article) and analyzes what it is sent. */
export interface WorkerRequest {
  seq: number;
  doc: RawDocument;
}

export type WorkerResponse = { seq: number; analysis: ReturnType<typeof analyze> } | { seq: number; error: string };

parentPort?.on("message", ({ seq, doc }: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    // The pipeline is tested against the schema; re-validating every stored article would only cost time.
    response = { seq, analysis: analyze(doc, { validate: false }) };
  } catch (err) {
    response = { seq, error: (err as Error).message?.split("\n")[0] ?? String(err) };
  }
  parentPort!.postMessage(response);
});

/** `npm run train`: rebuilds every shipped model from ../shared/data, deterministically. */
import { defaultDataDir, modelPath } from "../ml/paths.js";
import { trainNer } from "./ner.js";
import { trainTask } from "./tasks.js";

// The shipped models are rebuilt from shipped ones only: a user's own models (NEWSPRISM_MODELS) take no part.
delete process.env.NEWSPRISM_MODELS;
const dataDir = process.argv[2] ?? defaultDataDir();
const log = (line: string) => process.stderr.write(`${line}\n`);

await trainNer({ dataDir, outPath: modelPath("ner.json.gz"), log });
// Later models' training docs are built with the NER model just written.
for (const task of ["2025-st1", "2025-st2", "2023-st1", "2023-st2", "2023-st3"] as const) await trainTask(task, dataDir, { log });

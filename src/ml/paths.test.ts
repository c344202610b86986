import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modelPath, PACKAGE_ROOT, trainedModelPath } from "./paths.js";

describe("model paths", () => {
  const saved = process.env.NEWSPRISM_MODELS;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEWSPRISM_MODELS;
    else process.env.NEWSPRISM_MODELS = saved;
  });

  it("reads a user's retrained model instead of the shipped one, and the shipped ones it lacks", () => {
    const own = mkdtempSync(join(tmpdir(), "newsprism-models-"));
    writeFileSync(join(own, "genre.json.gz"), "");
    process.env.NEWSPRISM_MODELS = own;
    expect(modelPath("genre.json.gz")).toBe(join(own, "genre.json.gz"));
    expect(modelPath("ner.json.gz")).toBe(join(PACKAGE_ROOT, "models", "ner.json.gz"));
    // Training writes there, not over the shipped model.
    expect(trainedModelPath("ner.json.gz")).toBe(join(own, "ner.json.gz"));
  });

  it("uses the shipped models when no folder of one's own is set", () => {
    delete process.env.NEWSPRISM_MODELS;
    expect(modelPath("genre.json.gz")).toBe(join(PACKAGE_ROOT, "models", "genre.json.gz"));
    expect(trainedModelPath("genre.json.gz")).toBe(join(PACKAGE_ROOT, "models", "genre.json.gz"));
  });
});

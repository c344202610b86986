import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { analysisJsonSchema, JSON_SCHEMA_PATH } from "./write-json-schema.js";

it("the committed JSON Schema is the one generated from the zod schema (run `npm run schema`)", () => {
  expect(readFileSync(JSON_SCHEMA_PATH, "utf8")).toBe(analysisJsonSchema());
});

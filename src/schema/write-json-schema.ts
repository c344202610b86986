import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { AnalysisSchema, SCHEMA_VERSION } from "../analysis/schema.js";
import { PACKAGE_ROOT } from "../ml/paths.js";

/** The JSON Schema other tools validate Analysis files against, generated from the zod schema. */
export function analysisJsonSchema(): string {
  const schema = {
    ...z.toJSONSchema(AnalysisSchema),
    $id: `https://newsprism.local/schema/analysis-${SCHEMA_VERSION}.json`,
    title: "newsprism Analysis",
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export const JSON_SCHEMA_PATH = join(PACKAGE_ROOT, "schema", "analysis.schema.json");

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(JSON_SCHEMA_PATH, analysisJsonSchema());
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
}

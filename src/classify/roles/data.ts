import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Span } from "../../article/types.js";
import type { Doc } from "../../nlp/types.js";
import { buildDoc } from "../../nlp/index.js";
import { segment } from "../../segment/index.js";
import { readMentions, taskDir } from "../../semeval/data.js";
import type { MainRole, RoleLexicon } from "./lexicon.js";
import type { RoleExample } from "./model.js";

export interface AnnotatedArticle {
  readonly id: string;
  readonly text: string;
  readonly mentions: readonly { span: Span; main: MainRole; fine: string[] }[];
}

/**
 * SemEval-2025 Task 10 subtask 1 annotations grouped by article, in file-name order, from the
 * task folder or the data root that holds it. The annotation's end offset is inclusive; spans
 * here are half-open like everywhere else.
 */
export function readRoleAnnotations(dataDir: string, lexicon: RoleLexicon): AnnotatedArticle[] {
  const dir = taskDir(dataDir, 2025);
  const annotations = join(dir, "subtask-1-annotations.txt");
  if (!existsSync(annotations)) throw new Error(`no subtask-1-annotations.txt in ${dir}`);
  const byFile = new Map<string, AnnotatedArticle["mentions"][number][]>();
  for (const { id: file, entity, start, end, main, fine = [] } of readMentions(annotations)) {
    if (!fine.length || fine.some((f) => lexicon.mainOf.get(f) !== main)) throw new Error(`${annotations}: "${entity}" in ${file}: fine roles [${fine.join(", ")}] do not all belong to main role "${main ?? ""}"`);
    const mentions = byFile.get(file) ?? [];
    mentions.push({ span: { start, end: end + 1 }, main: main as MainRole, fine });
    byFile.set(file, mentions);
  }
  return [...byFile.keys()].sort().map((file) => {
    const text = readFileSync(join(dir, "raw-documents", file), "utf8");
    const id = file.replace(/\.txt$/, "");
    return { id, text, mentions: byFile.get(file)! };
  });
}

/** The Doc the pipeline builds for a plain-text article (title detected on the first line). */
export function pipelineDoc(id: string, text: string): Doc {
  return buildDoc(segment({ id, text, meta: {} }));
}

/** Annotated articles turned into training examples, one Doc per article. */
export function roleExamples(articles: readonly AnnotatedArticle[]): RoleExample[][] {
  return articles.map((a) => {
    const doc = pipelineDoc(a.id, a.text);
    return a.mentions.map((m) => ({ doc, span: m.span, main: m.main, fine: m.fine }));
  });
}

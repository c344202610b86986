/**
 * Entity framing roles (SemEval-2025 Task 10 subtask 1): for each actor mention, whether the
 * article casts it as Protagonist, Antagonist or Innocent, and which fine roles (Guardian,
 * Tyrant, Victim, …) under that main role; then one role per actor over the article.
 *
 * The model (models/roles.json.gz, from trainRoles) reads features of the mention's context
 * (features.ts) with the cue lexicon in taxonomies/role-lexicon.json. Without a model file no
 * roles are assigned: roles are a learned analysis, present only when their model ran.
 */
import { existsSync } from "node:fs";
import type { Entity, MentionRole, Role } from "../../analysis/schema.js";
import type { Span } from "../../article/types.js";
import { readGzJson } from "../../ml/linear.js";
import { modelPath } from "../../ml/paths.js";
import type { Doc } from "../../nlp/types.js";
import { tokenRange } from "./features.js";
import { roleLexicon, MAIN_ROLES } from "./lexicon.js";
import { RolesModel, type RolesModelJSON } from "./model.js";

export { trainRoles, evaluateRolesCV, EXACT_MATCH_TARGET, type RoleCVResult, type TrainRolesOptions, type TrainRolesResult } from "./train.js";

/** Actor types that are framed as heroes, villains or victims; MISC (events, products, laws) is not. */
const FRAMED_TYPES = new Set<Entity["type"]>(["PERSON", "ORGANIZATION", "LOCATION"]);
/**
 * A place after these is the setting of events ("fighting in Bakhmut"), not an actor: 2 of the
 * 414 annotated training mentions follow one, though such settings are common in the text.
 */
const SETTING_PREPOSITIONS = new Set(["in", "at", "near", "across", "throughout", "around", "inside", "outside", "within"]);
/** An actor's second fine role is kept when its vote reaches this share of the first's. */
const SECOND_FINE_SHARE = 0.5;

const models = new Map<string, RolesModel | null>();

/** The roles model at `path` (default: the shipped one), or null when none was trained. Cached. */
export function loadRolesModel(path: string = modelPath("roles.json.gz")): RolesModel | null {
  let model = models.get(path);
  if (model === undefined) {
    model = existsSync(path) ? RolesModel.fromJSON(readGzJson<RolesModelJSON>(path), roleLexicon()) : null;
    models.set(path, model);
  }
  return model;
}

/** Role of each mention (half-open spans into `doc.article.text`), in input order. */
export function predictMentionRoles(doc: Doc, mentions: readonly Span[], model: RolesModel | null = loadRolesModel()): MentionRole[] {
  if (!model) return [];
  return mentions.map(({ start, end }) => {
    const { main, fine, confidence } = model.predict(doc, { start, end });
    return { start, end, main, fine, confidence };
  });
}

/**
 * Confidence-weighted vote over an actor's mention roles: the main role with the most weight,
 * then its best-supported fine role (and a second one close behind). Confidence is the winning
 * main role's weight over the number of mentions: the mean mention confidence when all agree,
 * less when they disagree, and never more than a lone mention's own confidence.
 */
export function aggregateRoles(mentionRoles: readonly MentionRole[]): Role | undefined {
  if (!mentionRoles.length) return undefined;
  const mainWeight = new Map<string, number>();
  for (const r of mentionRoles) mainWeight.set(r.main, (mainWeight.get(r.main) ?? 0) + r.confidence);
  const main = MAIN_ROLES.reduce((best, m) => ((mainWeight.get(m) ?? -1) > (mainWeight.get(best) ?? -1) ? m : best), mentionRoles[0].main);
  const fineWeight = new Map<string, number>();
  for (const r of mentionRoles) {
    if (r.main !== main) continue;
    for (const f of r.fine) fineWeight.set(f, (fineWeight.get(f) ?? 0) + r.confidence / r.fine.length);
  }
  const ranked = [...fineWeight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const fine = ranked.filter(([, w], i) => i === 0 || w >= SECOND_FINE_SHARE * ranked[0][1]).slice(0, 2).map(([f]) => f);
  const confidence = (mainWeight.get(main) ?? 0) / mentionRoles.length;
  return { main, fine, confidence: Math.round(confidence * 1000) / 1000 };
}

function isSetting(doc: Doc, span: Span): boolean {
  const { from } = tokenRange(doc.tokens, span);
  return from > 0 && SETTING_PREPOSITIONS.has(doc.tokens[from - 1].text.toLowerCase());
}

/**
 * The actors with `mentionRoles` and their aggregate `role` filled in (input order kept). Every
 * person, organization and place gets roles from its mentions, except a place's mentions as a
 * mere setting; an actor left with no mentions gets none.
 */
export function assignRoles(doc: Doc, entities: readonly Entity[], model: RolesModel | null = loadRolesModel()): Entity[] {
  if (!model) return [...entities];
  return entities.map((entity) => {
    if (!FRAMED_TYPES.has(entity.type)) return entity;
    const framed = entity.type === "LOCATION" ? entity.mentions.filter((m) => !isSetting(doc, m)) : entity.mentions;
    const mentionRoles = predictMentionRoles(doc, framed, model);
    const role = aggregateRoles(mentionRoles);
    return role ? { ...entity, role, mentionRoles } : entity;
  });
}

/**
 * Entity framing roles (SemEval-2025 Task 10 subtask 1): for each actor mention, whether the
 * article casts it as Protagonist, Antagonist or Innocent, and which fine roles (Guardian,
 * Tyrant, Victim, …) under that main role; then one role per actor over the article.
 *
 * The model (models/roles.json.gz, from trainRoles) reads features of the mention's context
 * (features.ts) with the cue lexicon in taxonomies/role-lexicon.json. Without a model file no
 * roles are assigned: roles are a learned analysis, present only when their model ran.
 *
 * In `analyze` (assignRoles) a second learned step, the framed-actor gate (salience.ts,
 * models/role-gate.json.gz), keeps roles only for the actors the article frames. The shared-task
 * path (predictMentionRoles for given mentions) does not pass through it.
 */
import type { Entity, Evidence, MentionRole, Role } from "../../analysis/schema.js";
import type { Span } from "../../article/types.js";
import { loadModel, loadShipped } from "../models.js";
import type { Doc } from "../../nlp/types.js";
import { countWords } from "../../nlp/tokens.js";
import { MIN_EVIDENCE_WORDS } from "../evidence.js";
import { overlappingTokens } from "./features.js";
import { roleLexicon, MAIN_ROLES } from "./lexicon.js";
import { RolesModel, type RolesModelJSON } from "./model.js";
import { gateFeatures, loadRoleGate, roleCandidates, type RoleGate } from "./salience.js";

export { loadRoleGate, RoleGate } from "./salience.js";
export { trainRoles, evaluateRolesCV, evaluateGateCV, EXACT_MATCH_TARGET, type RoleCVResult, type TrainRolesOptions, type TrainRolesResult } from "./train.js";

const ROLES_FILE = "roles.json.gz";
/** An actor's second fine role is kept when its vote reaches this share of the first's. */
const SECOND_FINE_SHARE = 0.5;
/** Sentences given as an actor role's evidence. */
const ROLE_EVIDENCE = 2;

/** The roles model at `path` (default: the shipped one, or the user's: modelPath), or null when none was trained. Cached. */
export function loadRolesModel(path?: string): RolesModel | null {
  const revive = (json: RolesModelJSON) => RolesModel.fromJSON(json, roleLexicon());
  // By file name, the path is not resolved again article after article.
  return path === undefined ? loadShipped(ROLES_FILE, revive) : loadModel(path, revive);
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

/**
 * The actors with `mentionRoles` and their aggregate `role` filled in (input order kept). The
 * role model reads every person, organization and place (a place's mentions as a mere setting
 * left out); with a gate (default: the shipped models/role-gate.json.gz), only the actors it
 * judges framed by the article keep their roles: cited outlets, targets named in passing and
 * places in a list get none. `gate: null` gives every actor the role model read a role.
 */
export function assignRoles(
  doc: Doc,
  entities: readonly Entity[],
  model: RolesModel | null = loadRolesModel(),
  gate: RoleGate | null = model ? loadRoleGate() : null,
): Entity[] {
  if (!model) return [...entities];
  const candidates = roleCandidates(doc, entities);
  const x = gate ? gateFeatures(doc, model.tokenView(doc), entities, candidates, model.lexicon) : [];
  const out = [...entities];
  candidates.forEach(({ entity, spans, index }, j) => {
    if (gate && !gate.framed(x[j])) return;
    const mentionRoles = predictMentionRoles(doc, spans, model);
    const role = aggregateRoles(mentionRoles);
    if (role) out[index] = { ...entity, role: { ...role, evidence: roleEvidence(doc, role, mentionRoles) }, mentionRoles };
  });
  return out;
}

/**
 * Where the article casts the actor in its role: the sentences of the mentions read with the
 * same main role and first fine role, the most confident first (score: the mention's confidence).
 * A sentence too short to show a reader anything (MIN_EVIDENCE_WORDS: "Blinken said.") tags what
 * comes before it: its evidence starts at the sentence before it in its paragraph.
 */
export function roleEvidence(doc: Doc, role: Role, mentionRoles: readonly MentionRole[]): Evidence[] {
  const agreeing = mentionRoles.filter((r) => r.main === role.main && (!role.fine.length || r.fine.includes(role.fine[0])));
  const evidence: Evidence[] = [];
  const seen = new Set<number>();
  const { sentences } = doc.article;
  for (const r of agreeing.sort((a, b) => b.confidence - a.confidence)) {
    const { from, to } = overlappingTokens(doc.tokens, r);
    const sentence = from < to ? doc.tokens[from].sentence : -1;
    if (sentence < 0 || seen.has(sentence)) continue;
    seen.add(sentence);
    const { start, end, paragraph } = sentences[sentence];
    const { tokenStart, tokenEnd } = doc.sentenceTokens[sentence];
    const tag = countWords(doc.tokens, tokenStart, tokenEnd) < MIN_EVIDENCE_WORDS && sentence > 0 && sentences[sentence - 1].paragraph === paragraph;
    evidence.push({ start: tag ? sentences[sentence - 1].start : start, end, score: r.confidence });
    if (evidence.length === ROLE_EVIDENCE) break;
  }
  return evidence;
}

import { z } from "zod";

/** Bump on any incompatible change to the Analysis shape; stored analyses record it. */
export const SCHEMA_VERSION = "1.0.0";

const offset = z.number().int().nonnegative();
export const SpanSchema = z.object({ start: offset, end: offset });
export const TextSpanSchema = SpanSchema.extend({ text: z.string() });

export const ParagraphSchema = SpanSchema.extend({
  index: z.number().int().nonnegative(),
  kind: z.enum(["title", "body", "boilerplate"]),
  label: z.string().optional(),
  bodyStart: offset,
});

export const SentenceSchema = SpanSchema.extend({
  index: z.number().int().nonnegative(),
  paragraph: z.number().int().nonnegative(),
});

export const ReferenceSchema = SpanSchema.extend({
  headline: z.string(),
  date: z.string().optional(),
});

export const EntityTypeSchema = z.enum(["PERSON", "ORGANIZATION", "LOCATION", "MISC"]);

export const MainRoleSchema = z.enum(["Protagonist", "Antagonist", "Innocent"]);

/** Role of one actor mention, or of the actor over the article (learned analyses). */
export const RoleSchema = z.object({
  main: MainRoleSchema,
  fine: z.array(z.string()),
  confidence: z.number().min(0).max(1),
});

export const MentionRoleSchema = RoleSchema.extend({ start: offset, end: offset });

/** A passage a finding rests on, with how strongly (the label's score there, or a confidence). */
export const EvidenceSchema = SpanSchema.extend({ score: z.number().optional() });

/** An actor's role over the article, with the sentences where its mentions are cast so (most confident first). */
export const ActorRoleSchema = RoleSchema.extend({ evidence: z.array(EvidenceSchema).optional() });

export const EntitySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: EntityTypeSchema,
  aliases: z.array(z.string()),
  /** Title or role the text gives the actor ("U.S. Secretary of State"). */
  title: z.string().optional(),
  titleSpan: SpanSchema.optional(),
  mentions: z.array(TextSpanSchema),
  /** Aggregated role over the article, with the per-mention roles it rests on. */
  role: ActorRoleSchema.optional(),
  mentionRoles: z.array(MentionRoleSchema).optional(),
});

export const AttributionSchema = z.enum([
  "cue", // a speech verb next to the quote names the speaker
  "pronoun", // he/she/they in the cue, resolved to an earlier actor
  "according-to", // "according to X"
  "continuation", // quote continues the previous speaker's turn
  "document", // "The Bill states that …"
  "introduction", // the sentence before introduces the speaker ("X commented:")
]);

export const QuoteSchema = SpanSchema.extend({
  text: z.string(),
  /** full: the quote is a whole utterance; partial: a fragment embedded in reporting prose. */
  kind: z.enum(["full", "partial"]),
  speaker: z
    .object({
      name: z.string(),
      entityId: z.string().nullable(),
      /** The mention the attribution rests on (a name, a pronoun, a document). */
      start: offset,
      end: offset,
      via: AttributionSchema,
    })
    .nullable(),
  cue: TextSpanSchema.optional(),
  channel: TextSpanSchema.optional(),
});

export const SourceSchema = SpanSchema.extend({
  /** The cited source's name: a news outlet, or officials, an agency, a person ("Ukrainian officials"). */
  outlet: z.string(),
  entityId: z.string().nullable(),
  /** media: a news organization or programme; other: any other cited source. */
  kind: z.enum(["media", "other"]),
  /** The reporting cue ("reported", "according to"). */
  cue: z.string(),
  /** The claim the outlet is cited for. */
  claimSpan: SpanSchema,
});

export const FigureSchema = SpanSchema.extend({
  text: z.string(),
  kind: z.enum(["money", "count", "percent", "date", "quantity"]),
  /** Normalized numeric value (money in units of `unit`, percent as 0–100), null for dates. */
  value: z.number().nullable(),
  /** Currency code (USD), measurement unit, or "%". */
  unit: z.string().optional(),
  /** What is counted ("rounds of 105mm artillery", "HIMARS launchers"). */
  counted: z.string().optional(),
  /** ISO 8601 date or partial date ("2022-09-27", "2022-04") for dates. */
  date: z.string().optional(),
  /** Approximate / bound qualifiers from the text ("more than", "about", "tens of thousands"). */
  qualifier: z.string().optional(),
  /** Bounds when `value` is null: a range ("10-15 tanks") or the floor of a vague plural ("hundreds" ≥ 200). */
  min: z.number().optional(),
  max: z.number().optional(),
  /** The number is an ordinal position ("the 21st such drawdown"): `value` is the position. */
  ordinal: z.boolean().optional(),
});

export const NarrativeSchema = z.object({
  label: z.string(),
  /** Parent narrative for a subnarrative; equals label for a top-level narrative. */
  narrative: z.string(),
  level: z.enum(["narrative", "subnarrative"]),
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema),
});

export const JustificationSchema = z.object({
  narrative: z.string(),
  subnarrative: z.string(),
  text: z.string(),
  sentences: z.array(SpanSchema),
});

export const TechniqueSchema = SpanSchema.extend({
  technique: z.string(),
  paragraph: z.number().int().nonnegative(),
  /** span: localized inside the paragraph; paragraph: the whole paragraph is the evidence. */
  granularity: z.enum(["span", "paragraph"]),
  /** model: the trained classifier's probability; cues: the cue strength of a technique no training data labels (see `cues`). */
  confidence: z.number().min(0).max(1),
  /** What found it: the trained model (when absent), or cue phrases for the techniques the training data never labels. */
  basis: z.enum(["model", "cues"]).optional(),
  /** The cue phrases a cue-based finding rests on. */
  cues: z.array(TextSpanSchema).optional(),
});

/** A prediction the text makes, with who makes it and by when. */
export const ForecastSchema = SpanSchema.extend({
  /** The predicting sentence, or the body of a "TREND FORECAST:" paragraph (= text.slice(start, end)). */
  text: z.string(),
  /** The predicted content: after "matter of time before", or the whole sentence. */
  claim: z.string(),
  /** Quoted speaker or named actor who predicts; null when the article itself predicts. */
  predictor: z.string().nullable(),
  cue: z.string(),
  /** Deadline as written ("by 2024", "within six months"), and resolved to an ISO date when possible. */
  deadline: z.string().nullable(),
  deadlineDate: z.string().nullable(),
});

export const LabelScoreSchema = z.object({
  label: z.string(),
  confidence: z.number().min(0).max(1),
  /** The sentences the label's weights favour most (added compatibly: earlier stored analyses lack it). */
  evidence: z.array(EvidenceSchema).optional(),
});

export const AnalysisSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string(),
  text: z.string(),
  title: TextSpanSchema.nullable(),
  meta: z.object({
    url: z.string().optional(),
    source: z.string().optional(),
    published: z.string().optional(),
    byline: z.string().optional(),
    siteName: z.string().optional(),
  }),
  paragraphs: z.array(ParagraphSchema),
  sentences: z.array(SentenceSchema),
  references: z.array(ReferenceSchema),
  entities: z.array(EntitySchema),
  quotes: z.array(QuoteSchema),
  sources: z.array(SourceSchema),
  figures: z.array(FigureSchema),
  // Added in a compatible way (optional): analyses stored by earlier versions lack it.
  forecasts: z.array(ForecastSchema).optional(),
  // Learned analyses: present when their models ran.
  narratives: z.array(NarrativeSchema).optional(),
  justification: JustificationSchema.nullable().optional(),
  techniques: z.array(TechniqueSchema).optional(),
  genre: LabelScoreSchema.extend({ scores: z.record(z.string(), z.number()) }).optional(),
  frames: z.array(LabelScoreSchema).optional(),
  stats: z.object({ words: z.number().int().nonnegative(), millis: z.number().nonnegative() }),
});

export type Analysis = z.infer<typeof AnalysisSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type Quote = z.infer<typeof QuoteSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Figure = z.infer<typeof FigureSchema>;
export type Forecast = z.infer<typeof ForecastSchema>;
export type Narrative = z.infer<typeof NarrativeSchema>;
export type Technique = z.infer<typeof TechniqueSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type MentionRole = z.infer<typeof MentionRoleSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;

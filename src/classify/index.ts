/**
 * The learned analyses `analyze` adds to an Analysis: narratives with their justification,
 * persuasion techniques, genre and frames. Each runs when its shipped model is present.
 */
import type { Analysis } from "../analysis/schema.js";
import type { Doc } from "../nlp/types.js";
import { countWords } from "../nlp/tokens.js";
import { Classifier } from "../ml/classifier.js";
import { articleVector } from "./features.js";
import { loadShipped } from "./models.js";
import { decideNarratives, narrativesOf, NarrativeModel, NARRATIVES_MODEL } from "./narratives.js";
import { justify } from "./justification.js";
import { TechniqueModel, techniquesOf, TECHNIQUES_MODEL } from "./techniques.js";
import { genreOf, GENRE_MODEL, STREAM_PRIOR } from "./genre.js";
import { framesOf, FRAMES_MODEL } from "./frames.js";

export type LearnedAnalyses = Pick<Analysis, "narratives" | "justification" | "techniques" | "genre" | "frames">;

/**
 * Fewer words than this and the article-level analyses (narratives, justification, genre, frames)
 * are left out: they would extrapolate from a few words (the shortest training article has 88).
 * Techniques, found paragraph by paragraph, still run.
 */
export const MIN_ARTICLE_WORDS = 40;

export function classifyArticle(doc: Doc): LearnedAnalyses {
  // Each classifier adds its features to the shared feature space when it first scores (the
  // first article), and the article's feature vectors are looked up again then: from then on,
  // every model reads the same ids.
  const techniques = loadShipped(TECHNIQUES_MODEL, TechniqueModel.fromJSON);
  const narratives = loadShipped(NARRATIVES_MODEL, NarrativeModel.fromJSON);
  const genre = loadShipped(GENRE_MODEL, Classifier.fromJSON);
  const frames = loadShipped(FRAMES_MODEL, Classifier.fromJSON);
  const out: LearnedAnalyses = {};
  if (techniques) out.techniques = techniquesOf(techniques, doc);
  if (countWords(doc.tokens) < MIN_ARTICLE_WORDS) return out;
  if (narratives) {
    const decision = decideNarratives(narratives, articleVector(doc));
    out.narratives = narrativesOf(narratives, doc, decision);
    out.justification = justify(narratives, doc, decision);
  }
  if (genre) out.genre = genreOf(genre, doc, STREAM_PRIOR);
  if (frames) out.frames = framesOf(frames, doc);
  return out;
}

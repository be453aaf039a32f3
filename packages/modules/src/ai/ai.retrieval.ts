/**
 * Scoring of knowledge entries against a customer's text: BM25F over two fields, the question weighted twice the
 * answer, normalised to a coverage in [0, 1] so that one threshold means the same thing for a tenant with five entries
 * and one with five hundred.
 *
 * Why BM25F and not plain TF-IDF: a word repeated in a long answer saturates instead of dominating (k1), a long answer
 * is not favoured for having more words (b), and the weight of a field is applied before saturation, so a word of the
 * question counts more than the same word in the answer without double counting a word found in both.
 */

export interface ScoredDoc {
  id: string;
  /** The entry's question, as terms (ai.text.ts). */
  question: readonly string[];
  /** The entry's answer, as terms. */
  answer: readonly string[];
}

/** What BM25 needs to know of all the tenant's enabled entries (not only the candidates). */
export interface CorpusStats {
  /** Enabled entries. */
  n: number;
  avgQuestion: number;
  avgAnswer: number;
  /** Entries in which each term occurs (question or answer); a term absent here occurs in none. */
  df: ReadonlyMap<string, number>;
}

export const BM25 = { k1: 1.2, bQuestion: 0.5, bAnswer: 0.75, wQuestion: 2, wAnswer: 1 } as const;

/** A question word counts fully; saturation reaches 1 at one occurrence in a question of average length. */
const CEILING = (BM25.wQuestion * (BM25.k1 + 1)) / (BM25.k1 + BM25.wQuestion);

export function statsOf(docs: readonly ScoredDoc[]): CorpusStats {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set([...d.question, ...d.answer])) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const sum = (f: (d: ScoredDoc) => number) => docs.reduce((s, d) => s + f(d), 0);
  return { n, avgQuestion: n ? sum((d) => d.question.length) / n : 0, avgAnswer: n ? sum((d) => d.answer.length) / n : 0, df };
}

/** BM25's idf (never negative); a term no entry has weighs most: a topic the knowledge does not cover. */
const idf = (stats: CorpusStats, term: string) => {
  const df = stats.df.get(term) ?? 0;
  return Math.log(1 + (stats.n - df + 0.5) / (df + 0.5));
};

const count = (terms: readonly string[], term: string) => terms.reduce((c, t) => c + (t === term ? 1 : 0), 0);

/**
 * The coverage of the query by one entry: for each distinct query term, its idf times how well the entry holds it
 * (saturated BM25F term frequency, capped at one question occurrence), over the sum of the query terms' idf.
 */
export function score(query: readonly string[], doc: ScoredDoc, stats: CorpusStats): number {
  const distinct = [...new Set(query)];
  let total = 0;
  let got = 0;
  for (const term of distinct) {
    const w = idf(stats, term);
    total += w;
    const lq = stats.avgQuestion > 0 ? doc.question.length / stats.avgQuestion : 1;
    const la = stats.avgAnswer > 0 ? doc.answer.length / stats.avgAnswer : 1;
    const tf = (BM25.wQuestion * count(doc.question, term)) / (1 - BM25.bQuestion + BM25.bQuestion * lq) + (BM25.wAnswer * count(doc.answer, term)) / (1 - BM25.bAnswer + BM25.bAnswer * la);
    if (tf === 0) continue;
    got += w * Math.min(1, (tf * (BM25.k1 + 1)) / (BM25.k1 + tf) / CEILING);
  }
  return total > 0 ? got / total : 0;
}

/** The entries that share a term with the query, best first (ties: the entry given first). */
export function rank(query: readonly string[], docs: readonly ScoredDoc[], stats: CorpusStats): Array<{ id: string; score: number }> {
  return docs
    .map((d, i) => ({ id: d.id, score: score(query, d, stats), i }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ id, score: s }) => ({ id, score: s }));
}

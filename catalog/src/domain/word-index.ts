import { foldText } from './text';

/** The words of a text as search compares them: folded, split at anything not a letter or digit. */
export function wordsOf(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** First index in the sorted `words` not before `word`. */
function lowerBound(words: string[], word: string): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((words[middle] as string) < word) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Which documents hold which words: an inverted index with the distinct words kept sorted, so the
 * words starting with a prefix are one contiguous range. A query's answer is the set of matching
 * ids, unranked: the catalog orders results by date or price, never by relevance.
 */
export class WordIndex {
  private readonly postings = new Map<string, Set<string>>();
  private sortedWords: string[] = [];
  private readonly wordsByDocument = new Map<string, string[]>();

  /** Indexes the document's text, replacing what it had. */
  set(id: string, text: string): void {
    this.index(id, text, (word) =>
      this.sortedWords.splice(lowerBound(this.sortedWords, word), 0, word),
    );
  }

  /** Indexes many documents (a replica's start): the new words are sorted once, at the end. */
  setAll(documents: Iterable<{ id: string; text: string }>): void {
    const newWords: string[] = [];
    for (const { id, text } of documents) this.index(id, text, (word) => newWords.push(word));
    if (newWords.length === 0) return;
    const stillUsed = newWords.filter((word) => this.postings.has(word));
    this.sortedWords = this.sortedWords.concat(stillUsed).sort();
  }

  private index(id: string, text: string, addWord: (word: string) => void): void {
    this.delete(id);
    const words = [...new Set(wordsOf(text))];
    for (const word of words) {
      let ids = this.postings.get(word);
      if (!ids) {
        ids = new Set();
        this.postings.set(word, ids);
        addWord(word);
      }
      ids.add(id);
    }
    this.wordsByDocument.set(id, words);
  }

  delete(id: string): void {
    for (const word of this.wordsByDocument.get(id) ?? []) {
      const ids = this.postings.get(word);
      ids?.delete(id);
      if (ids?.size === 0) {
        this.postings.delete(word);
        const at = lowerBound(this.sortedWords, word);
        // During `setAll` a new word is not in the sorted list yet.
        if (this.sortedWords[at] === word) this.sortedWords.splice(at, 1);
      }
    }
    this.wordsByDocument.delete(id);
  }

  /**
   * The ids of the documents holding every word of the query, the last one as a prefix (it may be
   * still being typed). Undefined when the query has no word. The answer may be the index's own
   * set: read it, do not change it.
   */
  search(query: string): ReadonlySet<string> | undefined {
    const words = wordsOf(query);
    const last = words.pop();
    if (last === undefined) return undefined;
    const sets: ReadonlySet<string>[] = words.map((word) => this.postings.get(word) ?? new Set());
    sets.push(this.withPrefix(last));
    sets.sort((a, b) => a.size - b.size);
    const [smallest, ...others] = sets as [ReadonlySet<string>, ...ReadonlySet<string>[]];
    if (others.length === 0) return smallest;
    const matches = new Set<string>();
    for (const id of smallest) if (others.every((ids) => ids.has(id))) matches.add(id);
    return matches;
  }

  private withPrefix(prefix: string): ReadonlySet<string> {
    const first = lowerBound(this.sortedWords, prefix);
    const words: string[] = [];
    for (let i = first; i < this.sortedWords.length; i++) {
      const word = this.sortedWords[i] as string;
      if (!word.startsWith(prefix)) break;
      words.push(word);
    }
    if (words.length === 1) return this.postings.get(words[0] as string) as ReadonlySet<string>;
    const ids = new Set<string>();
    for (const word of words) for (const id of this.postings.get(word) ?? []) ids.add(id);
    return ids;
  }
}

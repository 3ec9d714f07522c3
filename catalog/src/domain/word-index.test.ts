import { WordIndex, wordsOf } from './word-index';

describe('the word index', () => {
  it('when text has accents, case and punctuation, then its words are folded and split', () => {
    expect(wordsOf("Ｃafé-Concert: L'ÉTÉ à Zürich!")).toEqual([
      'cafe',
      'concert',
      'l',
      'ete',
      'a',
      'zurich',
    ]);
  });

  /** The slots the query finds among the first 64. */
  const found = (index: WordIndex, query: string) => index.search(query, 64)?.slots();

  it('when documents are indexed one by one or all at once, then they are found the same way', () => {
    const one = new WordIndex();
    one.set(0, 'Symphony in Leeds');
    one.set(40, 'Symbols of York');
    const all = new WordIndex();
    all.setAll([
      { slot: 0, text: 'Symphony in Leeds' },
      { slot: 40, text: 'Symbols of York' },
    ]);

    for (const index of [one, all]) {
      expect(found(index, 'sym')).toEqual([0, 40]);
      expect(found(index, 'symphony le')).toEqual([0]);
      expect(found(index, 'sym york')).toEqual([]);
    }
  });

  it('when a document is replaced or deleted, then its old words find it no more', () => {
    const index = new WordIndex();
    index.setAll([
      { slot: 1, text: 'Rare words' },
      { slot: 1, text: 'Other words' },
    ]);
    index.set(2, 'Rarest');

    expect(found(index, 'rare')).toEqual([2]);
    index.delete(2);
    expect(found(index, 'rare')).toEqual([]);
    expect(found(index, 'words')).toEqual([1]);
  });

  it('when an earlier word is not in any document, then nothing matches, whatever the prefix matches', () => {
    const index = new WordIndex();
    index.set(3, 'Evening concert');

    expect(found(index, 'unknown ev')).toEqual([]);
    expect(found(index, 'concert ev')).toEqual([3]);
  });

  it('when the query has no word, then there is no answer to filter by', () => {
    expect(new WordIndex().search(' -- ', 64)).toBeUndefined();
  });
});

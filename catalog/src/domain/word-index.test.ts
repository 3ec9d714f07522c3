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

  it('when documents are indexed one by one or all at once, then they are found the same way', () => {
    const one = new WordIndex();
    one.set('a', 'Symphony in Leeds');
    one.set('b', 'Symbols of York');
    const all = new WordIndex();
    all.setAll([
      { id: 'a', text: 'Symphony in Leeds' },
      { id: 'b', text: 'Symbols of York' },
    ]);

    for (const index of [one, all]) {
      expect([...(index.search('sym') ?? [])].sort()).toEqual(['a', 'b']);
      expect([...(index.search('symphony le') ?? [])]).toEqual(['a']);
      expect([...(index.search('sym york') ?? [])]).toEqual([]);
    }
  });

  it('when a document is replaced or deleted, then its old words find it no more', () => {
    const index = new WordIndex();
    index.setAll([
      { id: 'a', text: 'Rare words' },
      { id: 'a', text: 'Other words' },
    ]);
    index.set('b', 'Rarest');

    expect([...(index.search('rare') ?? [])]).toEqual(['b']);
    index.delete('b');
    expect([...(index.search('rare') ?? [])]).toEqual([]);
    expect([...(index.search('words') ?? [])]).toEqual(['a']);
  });

  it('when the query has no word, then there is no answer to filter by', () => {
    expect(new WordIndex().search(' -- ')).toBeUndefined();
  });
});

/**
 * A word as search compares it: lower case, accents and other marks removed, compatibility forms
 * unified ("Ｃafé" and "cafe" are the same word), so "Zürich", "zurich" and "ZURICH" match.
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Control characters (C0, DEL, C1): refused in what people type into a search. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

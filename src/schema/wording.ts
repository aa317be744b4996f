/**
 * Readable names for the descriptions the Relay conventions write: `SyncRun` is "sync run", several are
 * "sync runs". Only English regular plurals are needed for our type names; an irregular one would show in
 * the generated descriptions (subgraph.graphql) at review.
 */

export interface Wording {
  /** One item, lower case: "sync run". */
  one: string;
  /** Several items: "sync runs". */
  many: string;
  /** One item with its article, capitalized, to start a sentence: "A sync run". */
  anOne: string;
}

/** "SyncRun" -> ["Sync", "Run"]; an acronym stays one word: "AIModel" -> ["AI", "Model"]. */
function words(typeName: string): string[] {
  return typeName.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
}

function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function wordingOf(typeName: string): Wording {
  // An acronym keeps its capitals ("AI model"); other words are lower case inside a sentence.
  const lower = words(typeName).map((word) => (/^[A-Z]+$/.test(word) && word.length > 1 ? word : word.toLowerCase()));
  const one = lower.join(' ');
  const many = [...lower.slice(0, -1), plural(lower[lower.length - 1] ?? '')].join(' ');
  const article = /^[aeiou]/i.test(one) ? 'An' : 'A';
  return { one, many, anOne: `${article} ${one}` };
}

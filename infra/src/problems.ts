/** Every check returns its violations, one sentence each; none means it holds. */
export type Problems = string[];

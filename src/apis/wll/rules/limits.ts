/**
 * Caps on what a rule set may hold. The WLL docs set none; the sandbox needs them so that a rule
 * set can neither take seconds of CPU per claim nor nest deeper than JSON.stringify can follow.
 * The docs' own "Deeset Rules" set sits far inside every one of them.
 */
export const RULE_SET_LIMITS = {
  rulesPerSet: 200,
  /** all/any/not levels in one rule's conditions (the docs' rules use 2). */
  conditionNesting: 10,
  /** Plain conditions (fact/operator/value) in one rule. */
  conditionsPerRule: 100,
  /** Key/value pairs in one rule's success or failure list. */
  resultParamsPerOutcome: 50,
  /** Levels of objects and arrays in a whole definition, values included. */
  jsonDepth: 64,
  /** Serialised size of a rule set's definitions. */
  jsonBytes: 512 * 1024,
  pathLength: 500,
  nameLength: 200,
  keyLength: 100,
  factLength: 100,
  operatorLength: 100,
} as const;

/**
 * Limits Lambda puts on FilterCriteria.
 * - maxFilters: "By default, you can define up to five different filters for a single
 *   event source mapping" (a quota increase allows up to 10; tandem stays on the default).
 * - maxPatternLength: API `Filter.Pattern` "Length Constraints: Minimum length of 0.
 *   Maximum length of 4096."
 */
export const filterCriteriaLimits = {
  maxFilters: 5,
  maxPatternLength: 4096,
} as const;

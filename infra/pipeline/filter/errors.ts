/** Base class for every error raised by the event-source-mapping filter engine. */
export class FilterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FilterError';
  }
}

/** Where in a FilterCriteria a pattern problem sits. */
export interface FilterPatternLocation {
  /** Path inside the pattern, e.g. `value.meta.domain[0]`; empty for the pattern as a whole. */
  path?: string;
  /** Index of the filter in `FilterCriteria.Filters`, when the pattern came from one. */
  filterIndex?: number;
  /** The problem is with the FilterCriteria around the patterns, not with one pattern. */
  inCriteria?: boolean;
}

/**
 * A filter pattern (or the FilterCriteria around it) is not one Lambda would
 * accept. Raised when the criteria are compiled, never while records are matched.
 */
export class FilterPatternError extends FilterError {
  /** What is wrong, without the location. */
  readonly problem: string;
  /** Path inside the pattern; empty for the pattern as a whole. */
  readonly path: string;
  /** Index of the offending filter in `FilterCriteria.Filters`, when known. */
  readonly filterIndex: number | undefined;

  constructor(problem: string, location: FilterPatternLocation = {}, options?: ErrorOptions) {
    super(describeLocation(location) + problem, options);
    this.name = 'FilterPatternError';
    this.problem = problem;
    this.path = location.path ?? '';
    this.filterIndex = location.filterIndex;
  }

  /** The same error, located in filter `filterIndex` of a FilterCriteria. */
  inFilter(filterIndex: number): FilterPatternError {
    return new FilterPatternError(this.problem, { path: this.path, filterIndex }, { cause: this.cause });
  }
}

function describeLocation({ path, filterIndex, inCriteria }: FilterPatternLocation): string {
  if (inCriteria && filterIndex === undefined) return 'FilterCriteria: ';
  const pattern = filterIndex === undefined ? 'filter pattern' : `Filters[${filterIndex}].Pattern`;
  return path ? `${pattern} at ${path}: ` : `${pattern}: `;
}

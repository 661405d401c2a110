/**
 * Comparison operators of Lambda's filter rule syntax (a subset of EventBridge's),
 * by the key that names them inside a condition object.
 */
export const FilterOperator = {
  prefix: 'prefix',
  suffix: 'suffix',
  equalsIgnoreCase: 'equals-ignore-case',
  anythingBut: 'anything-but',
  numeric: 'numeric',
  exists: 'exists',
} as const;
export type FilterOperator = (typeof FilterOperator)[keyof typeof FilterOperator];

export const filterOperators: readonly string[] = Object.values(FilterOperator);

/**
 * EventBridge operators that Lambda's filter rule syntax does not list. Named
 * here so that a pattern using one fails with a message that says so, rather
 * than "unknown operator".
 */
export const eventBridgeOnlyOperators: readonly string[] = ['wildcard', 'cidr'];

/** EventBridge's key for ORing sub-patterns, likewise not in Lambda's list. */
export const eventBridgeOrKey = '$or';

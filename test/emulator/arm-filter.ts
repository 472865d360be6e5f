/**
 * The `$filter` of role assignment and PIM schedule lists (Azure docs "List
 * Azure role assignments using the REST API"): `atScope()`,
 * `principalId eq '{id}'`, `assignedTo('{id}')`, joined with `and`.
 */
import { azureError, type EmulatorResponse } from './http.js';
import { scopeContains } from './state.js';

export interface AssignmentFilter {
  /** At or above the scope only, nothing below it. */
  atScope: boolean;
  principalId?: string;
}

const CLAUSES: Array<[RegExp, (filter: AssignmentFilter, value: string) => void]> = [
  [/^atScope\(\)$/i, (f) => (f.atScope = true)],
  [/^principalId\s+eq\s+'([^']+)'$/i, (f, v) => (f.principalId = v)],
  // Note: assignedTo also covers the principal's groups in Azure; the emulator
  // has no group memberships, so it equals principalId.
  [/^assignedTo\('([^']+)'\)$/i, (f, v) => (f.principalId = v)],
];

export function parseAssignmentFilter(
  text: string | undefined,
): AssignmentFilter | { response: EmulatorResponse } {
  const filter: AssignmentFilter = { atScope: false };
  if (!text?.trim()) return filter;
  for (const clause of text.trim().split(/\s+and\s+/i)) {
    const known = CLAUSES.find(([pattern]) => pattern.test(clause.trim()));
    if (!known) return { response: unsupportedFilter(text) };
    const [pattern, apply] = known;
    apply(filter, pattern.exec(clause.trim())?.[1] ?? '');
  }
  return filter;
}

function unsupportedFilter(text: string): EmulatorResponse {
  // Note: the code and wording are the emulator's; ARM answers 400 as well.
  return azureError(
    400,
    'UnsupportedQuery',
    `The filter '${text}' is not supported. Supported filters are atScope(), principalId eq '{value}' and assignedTo('{value}'), joined with 'and'.`,
  );
}

export function matchesFilter(
  filter: AssignmentFilter,
  listScope: string,
  assignmentScope: string,
  principalId: string,
): boolean {
  if (filter.principalId && filter.principalId.toLowerCase() !== principalId.toLowerCase()) {
    return false;
  }
  const atOrAbove = scopeContains(assignmentScope, listScope);
  return filter.atScope ? atOrAbove : atOrAbove || scopeContains(listScope, assignmentScope);
}

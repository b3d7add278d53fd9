import { fieldSpec, type FieldMap } from './field-map.js';
import type { FilterValue } from './field-values.js';
import type { Condition, FilterAst } from './o-rison.js';

/** SQL text holding only whitelisted column expressions and `?`; every value is in `params`. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** The WHERE fragment that matches every row. */
export const MATCH_ALL = '1';

// SQLite binds no booleans; its booleans are the integers 0 and 1.
const bindable = (value: FilterValue): string | number => (typeof value === 'boolean' ? Number(value) : value);

/** `like` patterns keep `%` as their one wildcard (docs): `_` and the escape character match themselves. */
const likePattern = (pattern: string): string => pattern.replace(/[\\_]/g, '\\$&');
/** The docs do not define `has`; on scalar text the sandbox reads it as "contains", ignoring case like `like`. */
const hasPattern = (text: string): string => `%${text.replace(/[\\_%]/g, '\\$&')}%`;

function clause(column: string, condition: Condition): SqlFragment {
  switch (condition.op) {
    case 'eq':
      return condition.value === null ? { sql: `${column} IS NULL`, params: [] } : { sql: `${column} = ?`, params: [bindable(condition.value)] };
    case 'neq':
      // The docs do not say; the sandbox's "everything but X" keeps rows missing the field (`IS NOT`, not `<>`).
      return condition.value === null
        ? { sql: `${column} IS NOT NULL`, params: [] }
        : { sql: `${column} IS NOT ?`, params: [bindable(condition.value)] };
    case 'gt':
      return { sql: `${column} > ?`, params: [bindable(condition.value)] };
    case 'lt':
      return { sql: `${column} < ?`, params: [bindable(condition.value)] };
    case 'in':
      return { sql: `${column} IN (${condition.value.map(() => '?').join(', ')})`, params: condition.value.map(bindable) };
    // Docs: like "isn't case sensitive". SQLite's LIKE folds ASCII letters only: 'é' does not match 'É'.
    case 'like':
      return { sql: `${column} LIKE ? ESCAPE '\\'`, params: [likePattern(condition.value)] };
    case 'has':
      return { sql: `${column} LIKE ? ESCAPE '\\'`, params: [hasPattern(condition.value)] };
  }
}

/**
 * Turns a parsed filter into a conjunction of conditions, safe to AND with the repository's own
 * (`WHERE workspace_id = ? AND <sql>`). An empty filter gives MATCH_ALL.
 */
export function compileFilter(ast: FilterAst, fields: FieldMap): SqlFragment {
  const clauses = ast.flatMap(({ field, conditions }) => {
    const { column } = fieldSpec(fields, field);
    return conditions.map((condition) => clause(column, condition));
  });
  if (clauses.length === 0) return { sql: MATCH_ALL, params: [] };
  return { sql: clauses.map((c) => c.sql).join(' AND '), params: clauses.flatMap((c) => c.params) };
}

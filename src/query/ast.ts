/** The syntax tree of a Cloud Logging query, shared by the builder, the parser and the evaluator. */

/** Comparison operators of the query language. */
export const compareOps = ['=', '!=', '<', '<=', '>', '>=', ':', '=~', '!~'] as const;
/** One of {@link compareOps}. */
export type CompareOp = (typeof compareOps)[number];

/** A right-hand value: quoted text, or an unquoted word (a number, an enum, `NULL_VALUE`). */
export interface Literal {
  readonly text: string;
  readonly quoted: boolean;
}

/** A query expression. */
export type Expr =
  | { readonly kind: 'and'; readonly items: readonly Expr[] }
  | { readonly kind: 'or'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly item: Expr }
  | { readonly kind: 'compare'; readonly path: readonly string[]; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'present'; readonly path: readonly string[] }
  | { readonly kind: 'global'; readonly value: Literal }
  | { readonly kind: 'logId'; readonly id: string };

/** The LogEntry fields a path may start with; any other first segment is an undefined field. */
export const logEntryFields = [
  'httpRequest',
  'insertId',
  'jsonPayload',
  'labels',
  'logName',
  'metadata',
  'operation',
  'protoPayload',
  'receiveTimestamp',
  'resource',
  'severity',
  'sourceLocation',
  'spanId',
  'textPayload',
  'timestamp',
  'trace',
  'traceSampled',
  'split',
  'errorGroups',
  'apphub',
  'apphubDestination',
] as const;

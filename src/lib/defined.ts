/** Small helpers for untyped JSON: optional fields absent rather than `undefined`, plain-object checks, strings and nested fields. */

/** `T` with every property that may be undefined made optional and never undefined. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** A copy of `value` without its undefined properties. */
export function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}

/** The value as a plain object (not null, not an array), or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value when it is a non-empty string, else undefined. */
export const nonEmptyString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A nested field of untyped JSON, by keys; undefined as soon as a step is not a plain object. */
export const fieldAt = (value: unknown, ...keys: readonly string[]): unknown => keys.reduce<unknown>((node, key) => asRecord(node)?.[key], value);

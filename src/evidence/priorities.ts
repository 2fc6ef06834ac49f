/**
 * The priority vocabulary, in a module of its own: the chat subscriber's start-up reads it
 * (MIN_PRIORITY) without loading the assessment and its schemas.
 */

/** Priorities, P1 most urgent. */
export const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
/** One of {@link priorities}. */
export type Priority = (typeof priorities)[number];

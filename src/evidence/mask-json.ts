/**
 * Masking for a whole delivery kept as a rejected copy: the same masking as the summary's, applied to
 * every string of the decoded message, with the argument-vector and environment rules where the
 * notification's shape says a string is an argument or a variable. The walk keeps its own stack, so
 * a delivery nested 100,000 levels deep (a reason to reject it) is masked without overflowing.
 */
import { maskArgs, maskEnv, maskText } from './mask';

type Json = Record<string, unknown>;

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Masks the strings of one container in place; returns the containers inside it, still to visit. */
function maskChildren(node: Json | unknown[]): unknown[] {
  const record = node as Record<string | number, unknown>;
  const variable = !Array.isArray(node) && typeof node.name === 'string' ? node.name : undefined;
  const next: unknown[] = [];
  for (const key of Object.keys(node)) {
    const value = record[key];
    if (key === 'val' && variable !== undefined && typeof value === 'string') record[key] = maskEnv(variable, value);
    else if (key === 'args' && isStrings(value)) record[key] = maskArgs(value);
    else if (typeof value === 'string') record[key] = maskText(value);
    else if (typeof value === 'object' && value !== null) next.push(value);
  }
  return next;
}

/** Masks every string of a parsed JSON value in place (process `args` as an argv, `{name, val}` as a variable) and returns it. */
export function maskJsonInPlace<T>(value: T): T {
  if (typeof value === 'string') return maskText(value) as T;
  const stack: unknown[] = typeof value === 'object' && value !== null ? [value] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Json | unknown[];
    for (const child of maskChildren(node)) stack.push(child);
  }
  return value;
}

/** The message data of a delivery (base64), masked: JSON structurally, other text as text; unchanged bytes stay as they came. */
export function maskMessageData(base64: string): { readonly data: string; readonly masked: boolean } {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  let masked: string;
  try {
    masked = JSON.stringify(maskJsonInPlace(JSON.parse(text) as unknown));
    // Nothing to mask: keep the original bytes, so the copy replays exactly.
    if (masked === JSON.stringify(JSON.parse(text))) return { data: base64, masked: false };
  } catch {
    masked = maskText(text);
    if (masked === text) return { data: base64, masked: false };
  }
  return { data: Buffer.from(masked, 'utf8').toString('base64'), masked: true };
}

/**
 * Masking for a whole delivery kept as a rejected copy: the same masking as the summary's, applied to
 * every string of the decoded message, with the argument-vector and environment rules where the
 * notification's shape says a string is an argument or a variable. The walk keeps its own stack, so
 * a delivery nested 100,000 levels deep (a reason to reject it) is masked without overflowing.
 */
import { maskArgs, maskEnv, maskMarker, maskText } from './mask';
import { isSecretName } from './secret-names';

type Json = Record<string, unknown>;

/** A walk's account of what it did: whether it changed any string, so an unchanged copy keeps its bytes. */
interface Walk {
  changed: boolean;
}

/** Puts a masked string in place, noting a change. */
function put(container: Record<string | number, unknown>, key: string | number, masked: string, walk: Walk): void {
  if (container[key] === masked) return;
  container[key] = masked;
  walk.changed = true;
}

/**
 * An argument vector masked as one (its items are then visited again as text, which leaves them as
 * they are), with its non-string items, often the reason it was rejected, kept in place as blanks.
 */
function maskArgvInPlace(args: unknown[], walk: Walk): void {
  const masked = maskArgs(args.map((arg) => (typeof arg === 'string' ? arg : '')));
  args.forEach((arg, i) => {
    if (typeof arg === 'string') put(args as Record<number, unknown>, i, masked[i]!, walk);
  });
}

interface Pending {
  readonly node: Json | unknown[];
  /** Under a secret-named key (`"passwords": [...]`): every string inside is the secret. */
  readonly secret: boolean;
}

/** Masks the strings of one container in place; returns the containers inside it, still to visit. */
function maskChildren({ node, secret }: Pending, walk: Walk): Pending[] {
  const record = node as Record<string | number, unknown>;
  const variable = !Array.isArray(node) && typeof node.name === 'string' ? node.name : undefined;
  if (!secret && !Array.isArray(node) && Array.isArray(node.args)) maskArgvInPlace(node.args, walk);
  const next: Pending[] = [];
  for (const key of Object.keys(node)) {
    const value = record[key];
    const named = secret || (!Array.isArray(node) && isSecretName(key));
    if (typeof value === 'string') put(record, key, named ? maskMarker : key === 'val' && variable !== undefined ? maskEnv(variable, value) : maskText(value), walk);
    else if (typeof value === 'object' && value !== null) next.push({ node: value as Json, secret: named });
  }
  return next;
}

/**
 * Masks every string of a parsed JSON value (process `args` as an argv, `{name, val}` as a variable),
 * objects and arrays in place; the value, and whether any string changed.
 */
export function maskJson(value: unknown): { readonly value: unknown; readonly changed: boolean } {
  if (typeof value === 'string') {
    const masked = maskText(value);
    return { value: masked, changed: masked !== value };
  }
  const walk: Walk = { changed: false };
  const stack: Pending[] = typeof value === 'object' && value !== null ? [{ node: value as Json, secret: false }] : [];
  while (stack.length > 0) {
    for (const child of maskChildren(stack.pop()!, walk)) stack.push(child);
  }
  return { value, changed: walk.changed };
}

/** The message data of a delivery (base64), masked: JSON structurally, other text as text; unchanged bytes stay as they came. */
export function maskMessageData(base64: string): { readonly data: string; readonly masked: boolean } {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  let masked: string;
  try {
    const json = maskJson(JSON.parse(text) as unknown);
    // Nothing to mask: keep the original bytes, so the copy replays exactly.
    if (!json.changed) return { data: base64, masked: false };
    masked = JSON.stringify(json.value);
  } catch {
    masked = maskText(text);
    if (masked === text) return { data: base64, masked: false };
  }
  return { data: Buffer.from(masked, 'utf8').toString('base64'), masked: true };
}

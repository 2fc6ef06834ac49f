/**
 * The FindingLookup port: one finding fetched by its name, for `scc-triage replay NAME`. The name
 * is checked against the pattern of an SCC finding name before any adapter sees it, so no other
 * text can reach a filter or a path.
 */

/** A finding name, checked and taken apart. */
export interface FindingName {
  /** As the user gave it. */
  readonly given: string;
  /** `organizations/O`, `folders/F` or `projects/P`. */
  readonly scope: string;
  readonly source: string;
  /** The location the name gives, `global` for a v1 name (which gives none). */
  readonly location: string;
  /** The v2 form, `…/sources/S/locations/L/findings/F`: how the v2 API names the finding either way. */
  readonly v2: string;
}

// Ids kept to the characters SCC uses (digits for organizations, folders and sources, project ids
// and numbers, alphanumeric finding ids), so a name carries no quote, space or separator.
const findingNamePattern = /^((?:organizations|folders|projects)\/[A-Za-z0-9_-]{1,128})\/sources\/([A-Za-z0-9_-]{1,128})(?:\/locations\/([a-z0-9-]{1,63}))?\/findings\/([A-Za-z0-9_-]{1,128})$/;

/** The name taken apart, or undefined when the text is not the name of an SCC finding (v1 or v2 form). */
export function parseFindingName(text: string): FindingName | undefined {
  const match = findingNamePattern.exec(text);
  if (match === null) return undefined;
  // The pattern's groups are all there but the location; the defaults only satisfy the types.
  const [, scope = '', source = '', location = 'global', id = ''] = match;
  return { given: text, scope, source, location, v2: `${scope}/sources/${source}/locations/${location}/findings/${id}` };
}

/** True when `text` names the same finding, in its v1 or its v2 form. */
export function namesFinding(text: string | undefined, name: FindingName): boolean {
  return text !== undefined && parseFindingName(text)?.v2 === name.v2;
}

/** Where a finding is fetched by name. */
export interface FindingLookup {
  /** Where it looks, for messages: `security-center`, `local-findings`. */
  readonly name: string;
  /**
   * The newest notification of the finding, as it would arrive (to be validated by the caller),
   * or undefined when the source holds none.
   * @throws UpstreamError when the source cannot answer.
   */
  fetch(name: FindingName): Promise<unknown>;
  /** Releases what the lookup holds (a client). */
  close(): Promise<void>;
}

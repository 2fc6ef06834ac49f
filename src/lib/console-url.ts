/** Links to the Security Command Center console. */

/** The finding's page in the Security Command Center console. */
export function consoleUrlOf(findingName: string): string {
  const organization = /^organizations\/(\d+)\//.exec(findingName)?.[1];
  const project = /^projects\/([^/]+)\//.exec(findingName)?.[1];
  const scope = organization !== undefined ? `?organizationId=${organization}` : project !== undefined ? `?project=${encodeURIComponent(project)}` : '';
  return `https://console.cloud.google.com/security/command-center/findingsv2;name=${encodeURIComponent(findingName)}${scope}`;
}

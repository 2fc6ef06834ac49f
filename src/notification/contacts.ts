/** The finding's contacts (`{security: {contacts: [{email}]}}`), as the next steps and the organisation's domains read them. */
import type { Finding } from './schema';

/** One contact: its email and the role it is listed under. */
export interface Contact {
  readonly role: string;
  readonly email: string;
}

/** Every contact with an email, in the order the finding lists them. */
export function contactsOf(finding: Finding): Contact[] {
  return Object.entries(finding.contacts ?? {}).flatMap(([role, value]) => {
    const contacts = (value as { contacts?: { email?: unknown }[] } | undefined)?.contacts ?? [];
    return contacts.map((c) => c.email).flatMap((email) => (typeof email === 'string' ? [{ role, email }] : []));
  });
}

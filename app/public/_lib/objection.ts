/**
 * Where a subject files an objection to what is published about it: the public objection form
 * (app/public/objections/new), which offers the subject's published records and public list
 * memberships; `/public/objections/track` follows it by tracking number and contact.
 */
export const objectionHref: ((subjectRef: string) => string) | null = (ref) => `/public/objections/new?subject=${encodeURIComponent(ref)}`;

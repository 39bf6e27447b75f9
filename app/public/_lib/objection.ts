/**
 * Where a subject files an objection to what is published about it (issue 15 owns the objection
 * process and its public form). Until that form is merged this is null and the page tells the
 * visitor to contact the deciding department; at merge set it to the objection form's path, e.g.
 * (ref) => `/public/objections/new?subject=${encodeURIComponent(ref)}`.
 */
export const objectionHref: ((subjectRef: string) => string) | null = null;

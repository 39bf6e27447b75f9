/** Version statuses that count for as-of reads: a version that was in force at some time. */
export const IN_FORCE_STATUSES = ['published', 'superseded', 'retired'] as const;

-- Four eyes by editing (server/records/gate.ts, server/registers/service.ts): rows written before
-- contributors were kept count their author as the one contributor known.
UPDATE "record" SET "contributor_ids" = ARRAY["created_by"] WHERE cardinality("contributor_ids") = 0;--> statement-breakpoint
UPDATE "entry_version" SET "contributor_ids" = ARRAY["author_id"] WHERE cardinality("contributor_ids") = 0 AND "author_id" IS NOT NULL;

ALTER TABLE "list_case" ADD COLUMN "eligibility" jsonb;--> statement-breakpoint
ALTER TABLE "inspection_sample" ADD COLUMN "results" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "subject" ADD COLUMN "name_review" jsonb;
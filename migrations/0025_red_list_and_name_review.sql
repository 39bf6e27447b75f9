ALTER TABLE "list_case" ADD COLUMN "eligibility" jsonb;--> statement-breakpoint
ALTER TABLE "subject" ADD COLUMN "name_review" jsonb;
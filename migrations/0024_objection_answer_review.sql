ALTER TABLE "objection" ADD COLUMN "corrects_revision" integer;--> statement-breakpoint
ALTER TABLE "objection" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "objection" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "objection" ADD COLUMN "decision_comment" text;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;
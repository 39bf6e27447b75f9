DROP INDEX "evaluation_result_subject_code_idx";--> statement-breakpoint
ALTER TABLE "evaluation_result" ALTER COLUMN "scores" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "evaluation_run" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "evaluation_run" ADD COLUMN "heartbeat_at" timestamp with time zone;
CREATE TABLE "credit_list_member" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_code" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_type" text DEFAULT '法人及非法人组织' NOT NULL,
	"listed_on" date NOT NULL,
	"removed_on" date,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_result" (
	"run_id" uuid NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_type" text NOT NULL,
	"score" numeric(14, 2) NOT NULL,
	"grade" text NOT NULL,
	"vetoed_by" text,
	"scores" jsonb NOT NULL,
	"measures" jsonb,
	CONSTRAINT "evaluation_result_run_id_subject_code_pk" PRIMARY KEY("run_id","subject_code")
);
--> statement-breakpoint
CREATE TABLE "evaluation_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_code" text NOT NULL,
	"model_version" integer,
	"content" jsonb NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"distribution" jsonb,
	"is_current" boolean DEFAULT false NOT NULL,
	"what_if" boolean DEFAULT false NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "query_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"user_name" text,
	"department" text,
	"query" text NOT NULL,
	"subject_code" text,
	"subject_name" text,
	"purpose" text NOT NULL,
	"result_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_run" ADD CONSTRAINT "evaluation_run_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "query_log" ADD CONSTRAINT "query_log_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_list_member_subject_code_idx" ON "credit_list_member" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "credit_list_member_list_code_listed_on_idx" ON "credit_list_member" USING btree ("list_code","listed_on");--> statement-breakpoint
CREATE INDEX "evaluation_result_subject_code_idx" ON "evaluation_result" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "evaluation_result_run_id_grade_idx" ON "evaluation_result" USING btree ("run_id","grade");--> statement-breakpoint
CREATE INDEX "evaluation_run_status_created_at_idx" ON "evaluation_run" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "evaluation_run_model_code_period_end_idx" ON "evaluation_run" USING btree ("model_code","period_end");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_run_model_code_period_start_period_end_idx" ON "evaluation_run" USING btree ("model_code","period_start","period_end") WHERE "evaluation_run"."is_current";--> statement-breakpoint
CREATE INDEX "query_log_at_idx" ON "query_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "query_log_subject_code_idx" ON "query_log" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "query_log_user_id_at_idx" ON "query_log" USING btree ("user_id","at");--> statement-breakpoint
-- Hand-added (drizzle cannot express triggers): the query log is append-only like the audit log.
CREATE OR REPLACE FUNCTION query_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'query_log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER query_log_no_update_delete
  BEFORE UPDATE OR DELETE ON "query_log"
  FOR EACH ROW EXECUTE FUNCTION query_log_refuse_change();

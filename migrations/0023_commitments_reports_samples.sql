CREATE TABLE "commitment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commitment_no" text NOT NULL,
	"item_code" text NOT NULL,
	"item_version" integer NOT NULL,
	"matter_name" text NOT NULL,
	"commitment_type" text NOT NULL,
	"department_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"legal_representative" text,
	"signed_on" date NOT NULL,
	"supply_due" date,
	"state" text DEFAULT 'pending' NOT NULL,
	"record_id" uuid NOT NULL,
	"letter_sha256" text NOT NULL,
	"overdue_at" timestamp with time zone,
	"check_outcome" text,
	"checked_by" uuid,
	"checked_on" date,
	"check_note" text,
	"check_record_id" uuid,
	"case_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "commitment_commitmentNo_unique" UNIQUE("commitment_no")
);
--> statement-breakpoint
CREATE TABLE "credit_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_no" text NOT NULL,
	"verify_code" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"purpose" text NOT NULL,
	"requester" text NOT NULL,
	"sections" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_report_reportNo_unique" UNIQUE("report_no")
);
--> statement-breakpoint
CREATE TABLE "inspection_sample" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"plan" text NOT NULL,
	"seed" text NOT NULL,
	"per_grade" jsonb NOT NULL,
	"subjects" jsonb NOT NULL,
	"digest" text NOT NULL,
	"drawn_by" uuid NOT NULL,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subject" (
	"code" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"legal_representative" text,
	"names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"name_conflict" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_record_id_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_checked_by_user_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_check_record_id_record_id_fk" FOREIGN KEY ("check_record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_report" ADD CONSTRAINT "credit_report_issued_by_user_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_sample" ADD CONSTRAINT "inspection_sample_drawn_by_user_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commitment_subject_code_idx" ON "commitment" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "commitment_state_supply_due_idx" ON "commitment" USING btree ("state","supply_due");--> statement-breakpoint
CREATE INDEX "commitment_department_id_state_idx" ON "commitment" USING btree ("department_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_report_verify_code_idx" ON "credit_report" USING btree ("verify_code");--> statement-breakpoint
CREATE INDEX "credit_report_subject_code_idx" ON "credit_report" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "inspection_sample_run_id_idx" ON "inspection_sample" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "subject_name_conflict_idx" ON "subject" USING btree ("name_conflict");
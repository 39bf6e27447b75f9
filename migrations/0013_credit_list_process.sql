CREATE TABLE "stored_file" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"placeholders" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_sequence" (
	"department_id" uuid NOT NULL,
	"doc_kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "doc_sequence_department_id_doc_kind_year_pk" PRIMARY KEY("department_id","doc_kind","year")
);
--> statement-breakpoint
CREATE TABLE "list_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_no" text NOT NULL,
	"list_code" text NOT NULL,
	"list_version" integer NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"state" text NOT NULL,
	"reason" text NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"served_on" date,
	"service_method" text,
	"service_note" text,
	"objection_due" date,
	"state_before_decision" text,
	"decision_requested_by" uuid,
	"decision_requested_at" timestamp with time zone,
	"period_months" integer,
	"valid_from" date,
	"valid_to" date,
	"flow_instance_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"member_id" uuid,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "list_case_caseNo_unique" UNIQUE("case_no")
);
--> statement-breakpoint
CREATE TABLE "list_case_document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid,
	"member_id" uuid,
	"kind" text NOT NULL,
	"number" text,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"produced_by" uuid,
	"produced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "list_case_ground" (
	"case_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	CONSTRAINT "list_case_ground_case_id_record_id_pk" PRIMARY KEY("case_id","record_id")
);
--> statement-breakpoint
CREATE TABLE "list_case_objection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"filed_on" date NOT NULL,
	"filed_by" uuid NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"content" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answer_due" date NOT NULL,
	"outcome" text,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "measure_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"list_code" text NOT NULL,
	"subject_code" text NOT NULL,
	"measure_code" text NOT NULL,
	"applied_on" date NOT NULL,
	"content" text NOT NULL,
	"amount" numeric(18, 2),
	"department_id" uuid NOT NULL,
	"query_log_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "case_id" uuid;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "list_version" integer;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "decision_number" text;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "department_id" uuid;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_list_member" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "query_log" ADD COLUMN "member_hits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stored_file" ADD CONSTRAINT "stored_file_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_sequence" ADD CONSTRAINT "doc_sequence_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case" ADD CONSTRAINT "list_case_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case" ADD CONSTRAINT "list_case_proposed_by_user_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case" ADD CONSTRAINT "list_case_decision_requested_by_user_id_fk" FOREIGN KEY ("decision_requested_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case" ADD CONSTRAINT "list_case_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case" ADD CONSTRAINT "list_case_member_id_credit_list_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."credit_list_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_document" ADD CONSTRAINT "list_case_document_case_id_list_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."list_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_document" ADD CONSTRAINT "list_case_document_member_id_credit_list_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."credit_list_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_document" ADD CONSTRAINT "list_case_document_produced_by_user_id_fk" FOREIGN KEY ("produced_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_ground" ADD CONSTRAINT "list_case_ground_case_id_list_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."list_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_ground" ADD CONSTRAINT "list_case_ground_record_id_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_objection" ADD CONSTRAINT "list_case_objection_case_id_list_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."list_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_objection" ADD CONSTRAINT "list_case_objection_filed_by_user_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_case_objection" ADD CONSTRAINT "list_case_objection_answered_by_user_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_feedback" ADD CONSTRAINT "measure_feedback_member_id_credit_list_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."credit_list_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_feedback" ADD CONSTRAINT "measure_feedback_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_feedback" ADD CONSTRAINT "measure_feedback_query_log_id_query_log_id_fk" FOREIGN KEY ("query_log_id") REFERENCES "public"."query_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_feedback" ADD CONSTRAINT "measure_feedback_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_file_created_at_idx" ON "stored_file" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "list_case_subject_code_idx" ON "list_case" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "list_case_list_code_state_idx" ON "list_case" USING btree ("list_code","state");--> statement-breakpoint
CREATE INDEX "list_case_department_id_state_idx" ON "list_case" USING btree ("department_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "list_case_open_subject_idx" ON "list_case" USING btree ("list_code","subject_code") WHERE state in ('proposed','notified','objection_open','objection_answered','in_decision');--> statement-breakpoint
CREATE INDEX "list_case_document_case_id_idx" ON "list_case_document" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "list_case_document_member_id_idx" ON "list_case_document" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "list_case_document_case_id_kind_idx" ON "list_case_document" USING btree ("case_id","kind");--> statement-breakpoint
CREATE INDEX "list_case_ground_record_id_idx" ON "list_case_ground" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "list_case_objection_case_id_idx" ON "list_case_objection" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "measure_feedback_department_id_applied_on_idx" ON "measure_feedback" USING btree ("department_id","applied_on");--> statement-breakpoint
CREATE INDEX "measure_feedback_member_id_idx" ON "measure_feedback" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "measure_feedback_measure_code_idx" ON "measure_feedback" USING btree ("measure_code");--> statement-breakpoint
CREATE INDEX "credit_list_member_status_removed_on_idx" ON "credit_list_member" USING btree ("status","removed_on");
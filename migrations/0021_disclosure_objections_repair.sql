CREATE TABLE "credit_change" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"record_id" uuid,
	"member_id" uuid,
	"catalog_code" text,
	"list_code" text,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"effective_on" date NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_no" text NOT NULL,
	"target_type" text NOT NULL,
	"record_id" uuid,
	"member_id" uuid,
	"department_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"channel" text NOT NULL,
	"contact" jsonb,
	"content" text NOT NULL,
	"disputed_items" text[] DEFAULT '{}'::text[] NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"filed_on" date NOT NULL,
	"filed_by" uuid,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer_due" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"answer" text,
	"corrected_data" jsonb,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"flow_instance_id" uuid,
	"overdue_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "objection_trackingNo_unique" UNIQUE("tracking_no")
);
--> statement-breakpoint
CREATE TABLE "record_disclosure" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"rule_code" text,
	"rule_version" integer,
	"severity" text,
	"published" boolean NOT NULL,
	"decision_date" date,
	"public_until" date,
	"repairable_from" date,
	"ended_on" date,
	"end_reason" text,
	"stamped_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_revision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"data" jsonb NOT NULL,
	"subject_name" text NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_by" uuid,
	"objection_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "repair_application" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_no" text NOT NULL,
	"target_type" text NOT NULL,
	"record_id" uuid,
	"member_id" uuid,
	"department_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"obligations_statement" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"commitment_id" uuid,
	"filed_on" date NOT NULL,
	"filed_by" uuid NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accept_due" date NOT NULL,
	"decide_due" date NOT NULL,
	"state" text NOT NULL,
	"flow_instance_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"effects" jsonb,
	CONSTRAINT "repair_application_applicationNo_unique" UNIQUE("application_no")
);
--> statement-breakpoint
CREATE TABLE "repair_commitment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_code" text NOT NULL,
	"item_version" integer NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"letter" text NOT NULL,
	"committed_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_record_id_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_member_id_credit_list_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."credit_list_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_filed_by_user_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_answered_by_user_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_disclosure" ADD CONSTRAINT "record_disclosure_record_id_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_revision" ADD CONSTRAINT "record_revision_record_id_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_revision" ADD CONSTRAINT "record_revision_replaced_by_user_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_application" ADD CONSTRAINT "repair_application_record_id_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_application" ADD CONSTRAINT "repair_application_member_id_credit_list_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."credit_list_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_application" ADD CONSTRAINT "repair_application_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_application" ADD CONSTRAINT "repair_application_filed_by_user_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_application" ADD CONSTRAINT "repair_application_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_commitment" ADD CONSTRAINT "repair_commitment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_change_subject_code_idx" ON "credit_change" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "objection_department_id_state_idx" ON "objection" USING btree ("department_id","state");--> statement-breakpoint
CREATE INDEX "objection_subject_code_idx" ON "objection" USING btree ("subject_code");--> statement-breakpoint
CREATE INDEX "objection_record_id_idx" ON "objection" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "objection_answer_due_idx" ON "objection" USING btree ("answer_due") WHERE "objection"."state" <> 'closed';--> statement-breakpoint
CREATE INDEX "record_disclosure_public_until_idx" ON "record_disclosure" USING btree ("public_until") WHERE "record_disclosure"."ended_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "record_revision_record_id_revision_idx" ON "record_revision" USING btree ("record_id","revision");--> statement-breakpoint
CREATE INDEX "repair_application_department_id_state_idx" ON "repair_application" USING btree ("department_id","state");--> statement-breakpoint
CREATE INDEX "repair_application_subject_code_idx" ON "repair_application" USING btree ("subject_code");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_application_open_record_idx" ON "repair_application" USING btree ("record_id") WHERE "repair_application"."state" = 'in_decision' and "repair_application"."record_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "repair_application_open_member_idx" ON "repair_application" USING btree ("member_id") WHERE "repair_application"."state" = 'in_decision' and "repair_application"."member_id" is not null;--> statement-breakpoint
-- hand-written: the credit-change feed is append-only (other platforms apply it in order).
CREATE OR REPLACE FUNCTION credit_change_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'credit_change is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER credit_change_no_update_delete
  BEFORE UPDATE OR DELETE ON "credit_change"
  FOR EACH ROW EXECUTE FUNCTION credit_change_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_change_no_truncate
  BEFORE TRUNCATE ON "credit_change"
  FOR EACH STATEMENT EXECUTE FUNCTION credit_change_refuse_change();

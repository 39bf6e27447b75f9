CREATE TABLE "flow_binding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"scope_type" text NOT NULL,
	"scope_value" text NOT NULL,
	"flow_code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" uuid,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flow_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "flow_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"instance_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"type" text NOT NULL,
	"node_id" text,
	"task_id" uuid,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_instance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"flow_code" text NOT NULL,
	"flow_version" integer NOT NULL,
	"graph_hash" text NOT NULL,
	"trigger" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"subject_label" text NOT NULL,
	"initiator_id" uuid NOT NULL,
	"initiator_department_id" uuid,
	"status" text DEFAULT 'running' NOT NULL,
	"data" jsonb NOT NULL,
	"meta" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flow_notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"node_id" text,
	"message" text,
	"read" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"kind" text DEFAULT 'approval' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"assignee_id" uuid,
	"status" text NOT NULL,
	"outcome" text,
	"seq" integer DEFAULT 0 NOT NULL,
	"due_date" date,
	"due_at" timestamp with time zone,
	"timeout_action" text,
	"escalate_to_role" text,
	"timeout_claimed_by" text,
	"timeout_claimed_at" timestamp with time zone,
	"timeout_done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acted_at" timestamp with time zone,
	"acted_by" uuid,
	"comment" text,
	"added_by" uuid,
	"added_for" uuid,
	"added_position" text,
	"replaces" uuid
);
--> statement-breakpoint
ALTER TABLE "record" ADD COLUMN "flow_instance_id" uuid;--> statement-breakpoint
ALTER TABLE "flow_binding" ADD CONSTRAINT "flow_binding_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_binding" ADD CONSTRAINT "flow_binding_removed_by_user_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_event" ADD CONSTRAINT "flow_event_instance_id_flow_instance_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."flow_instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instance" ADD CONSTRAINT "flow_instance_initiator_id_user_id_fk" FOREIGN KEY ("initiator_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instance" ADD CONSTRAINT "flow_instance_initiator_department_id_department_id_fk" FOREIGN KEY ("initiator_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_notification" ADD CONSTRAINT "flow_notification_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_notification" ADD CONSTRAINT "flow_notification_instance_id_flow_instance_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."flow_instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_task" ADD CONSTRAINT "flow_task_instance_id_flow_instance_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."flow_instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_task" ADD CONSTRAINT "flow_task_assignee_id_user_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_task" ADD CONSTRAINT "flow_task_acted_by_user_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_task" ADD CONSTRAINT "flow_task_added_by_user_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "flow_binding_trigger_scope_type_scope_value_idx" ON "flow_binding" USING btree ("trigger","scope_type","scope_value") WHERE "flow_binding"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "flow_event_instance_id_seq_idx" ON "flow_event" USING btree ("instance_id","seq");--> statement-breakpoint
CREATE INDEX "flow_instance_initiator_id_status_idx" ON "flow_instance" USING btree ("initiator_id","status");--> statement-breakpoint
CREATE INDEX "flow_instance_subject_type_subject_id_idx" ON "flow_instance" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "flow_notification_user_id_read_idx" ON "flow_notification" USING btree ("user_id","read");--> statement-breakpoint
CREATE INDEX "flow_task_assignee_id_status_idx" ON "flow_task" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "flow_task_instance_id_node_id_idx" ON "flow_task" USING btree ("instance_id","node_id");--> statement-breakpoint
CREATE INDEX "flow_task_status_due_at_idx" ON "flow_task" USING btree ("status","due_at");
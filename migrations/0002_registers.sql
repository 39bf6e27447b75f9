CREATE TABLE "change_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"kind_code" text NOT NULL,
	"action" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"effective_date" date NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"flow_instance_id" uuid
);
--> statement-breakpoint
CREATE TABLE "edition" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind_code" text NOT NULL,
	"name" text NOT NULL,
	"as_of" date NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"frozen" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edition_item" (
	"edition_id" uuid NOT NULL,
	"entry_version_id" uuid NOT NULL,
	CONSTRAINT "edition_item_edition_id_entry_version_id_pk" PRIMARY KEY("edition_id","entry_version_id")
);
--> statement-breakpoint
CREATE TABLE "entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind_code" text NOT NULL,
	"code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_reference" (
	"from_version_id" uuid NOT NULL,
	"field" text NOT NULL,
	"to_kind" text NOT NULL,
	"to_code" text NOT NULL,
	"to_version" integer,
	CONSTRAINT "entry_reference_from_version_id_field_to_kind_to_code_pk" PRIMARY KEY("from_version_id","field","to_kind","to_code")
);
--> statement-breakpoint
CREATE TABLE "entry_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"kind_code" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"base_version" integer,
	"revision" integer DEFAULT 1 NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"change_note" text
);
--> statement-breakpoint
ALTER TABLE "change_request" ADD CONSTRAINT "change_request_entry_id_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_request" ADD CONSTRAINT "change_request_version_id_entry_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."entry_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_request" ADD CONSTRAINT "change_request_requested_by_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_request" ADD CONSTRAINT "change_request_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition" ADD CONSTRAINT "edition_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_item" ADD CONSTRAINT "edition_item_edition_id_edition_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."edition"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_item" ADD CONSTRAINT "edition_item_entry_version_id_entry_version_id_fk" FOREIGN KEY ("entry_version_id") REFERENCES "public"."entry_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry" ADD CONSTRAINT "entry_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_reference" ADD CONSTRAINT "entry_reference_from_version_id_entry_version_id_fk" FOREIGN KEY ("from_version_id") REFERENCES "public"."entry_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_version" ADD CONSTRAINT "entry_version_entry_id_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_version" ADD CONSTRAINT "entry_version_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_version" ADD CONSTRAINT "entry_version_published_by_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_request_status_idx" ON "change_request" USING btree ("status");--> statement-breakpoint
CREATE INDEX "change_request_entry_id_idx" ON "change_request" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "edition_kind_code_name_idx" ON "edition" USING btree ("kind_code","name");--> statement-breakpoint
CREATE UNIQUE INDEX "entry_kind_code_code_idx" ON "entry" USING btree ("kind_code","code");--> statement-breakpoint
CREATE INDEX "entry_reference_to_kind_to_code_idx" ON "entry_reference" USING btree ("to_kind","to_code");--> statement-breakpoint
CREATE UNIQUE INDEX "entry_version_entry_id_version_idx" ON "entry_version" USING btree ("entry_id","version");--> statement-breakpoint
CREATE INDEX "entry_version_kind_code_valid_from_valid_to_idx" ON "entry_version" USING btree ("kind_code","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "entry_version_status_idx" ON "entry_version" USING btree ("status");
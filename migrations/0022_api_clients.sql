CREATE TABLE "api_client" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"operations" text[] NOT NULL,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"service_user_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "api_client_keyPrefix_unique" UNIQUE("key_prefix")
);
--> statement-breakpoint
CREATE TABLE "check_scenario" (
	"matter_type" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"block_lists" text[] DEFAULT '{}'::text[] NOT NULL,
	"warn_lists" text[] DEFAULT '{}'::text[] NOT NULL,
	"warn_grades" text[] DEFAULT '{}'::text[] NOT NULL,
	"legal_basis" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_client" ADD CONSTRAINT "api_client_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_client" ADD CONSTRAINT "api_client_service_user_id_user_id_fk" FOREIGN KEY ("service_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_client" ADD CONSTRAINT "api_client_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_client" ADD CONSTRAINT "api_client_revoked_by_user_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_client_department_id_idx" ON "api_client" USING btree ("department_id");--> statement-breakpoint
-- hand-written: the credit check's per-process cache (server/api/credit-check.ts) of the lists,
-- measures and 审查场景 in force is trusted only while this version is unchanged; any change to a
-- register entry version or to the 审查场景 register bumps it in the same transaction.
INSERT INTO cache_version (name, version) VALUES ('credit-check', 1) ON CONFLICT (name) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER entry_version_credit_check_cache_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entry_version
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version('credit-check');
--> statement-breakpoint
CREATE TRIGGER check_scenario_cache_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON check_scenario
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version('credit-check');

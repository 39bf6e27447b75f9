-- The audit log stays append-only with one exception: the chainer seals an unsequenced row once,
-- setting seq, prev_hash and hash from NULL, and nothing else may change in that UPDATE. Every other
-- UPDATE, every DELETE and TRUNCATE are refused, whoever asks (the TRUNCATE trigger of 0001 stays).
-- Comparing the rows as JSON minus the three sealed columns covers columns added later too.
CREATE OR REPLACE FUNCTION audit_log_seal_once() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
     AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_log_no_update_delete ON "audit_log";
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_seal_once();

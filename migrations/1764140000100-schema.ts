import { MigrationInterface, QueryRunner } from 'typeorm';

export class Schema1764140000100 implements MigrationInterface {
  name = 'Schema1764140000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" text NOT NULL, "entity" text NOT NULL, "entity_id" uuid NOT NULL, "changes" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log"  ("at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c7d3ae3160ef4430133acbe742" ON "audit_log"  ("actor_id", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7150b09e14e8d6e9c63ed6973c" ON "audit_log"  ("entity", "entity_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."user_role" AS ENUM('admin', 'manager', 'adviser')`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "email" text NOT NULL, "display_name" text NOT NULL, "role" "public"."user_role" NOT NULL, "active" boolean NOT NULL DEFAULT true, "password_hash" text NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."employer_status" AS ENUM('prospect', 'partner', 'archived')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."employer_source" AS ENUM('outreach', 'inbound', 'event', 'partner', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "employers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "siret" character(14), "siren" character(9), "legal_name" text NOT NULL, "trade_name" text, "naf_code" character varying(6), "headcount_band" character varying(2), "street" text, "postal_code" character varying(5), "insee_code" character varying(5), "city" text, "epci_code" character varying(9), "epci_name" text, "qpv" boolean NOT NULL DEFAULT false, "frr" boolean NOT NULL DEFAULT false, "status" "public"."employer_status" NOT NULL DEFAULT 'prospect', "referent_id" uuid, "source" "public"."employer_source" NOT NULL DEFAULT 'other', "tags" text array NOT NULL DEFAULT '{}', "notes" text, "last_interaction_at" TIMESTAMP(3) WITH TIME ZONE, "merged_into_id" uuid, CONSTRAINT "PK_f2c1aea3e8d7aa3c5fba949c97d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_27dc0c3a6406fd7627c3146b7b" ON "employers"  ("merged_into_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0ed0accfe4b7735cabdcd72d33" ON "employers"  ("naf_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4e40171c56a16e4d35879623f4" ON "employers"  ("insee_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_96884f6441742bc781d6bbecc9" ON "employers"  ("last_interaction_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_85c187f96d6da2e719677527fb" ON "employers"  ("referent_id", "last_interaction_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c7e9f573f6b3eba6ca88d5b487" ON "employers"  ("epci_code", "last_interaction_at") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "employers_siret_key" ON "employers"  ("siret") `);
    await queryRunner.query(
      `CREATE TABLE "contact_persons" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "employer_id" uuid NOT NULL, "first_name" text, "last_name" text, "job_title" text, "email" text, "phone" text, "is_primary" boolean NOT NULL DEFAULT false, "survey_recipient" boolean NOT NULL DEFAULT false, "opted_out_at" TIMESTAMP(3) WITH TIME ZONE, "erased_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_7ac4bdd4703f21ec369f9418d98" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "contact_persons_one_primary_key" ON "contact_persons"  ("employer_id") WHERE is_primary`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1e861741c8e759b2dac842fa5e" ON "contact_persons"  ("employer_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."interaction_type" AS ENUM('visit', 'phone', 'email', 'meeting', 'event', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."interaction_direction" AS ENUM('outbound', 'inbound')`,
    );
    await queryRunner.query(
      `CREATE TABLE "interactions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "employer_id" uuid NOT NULL, "contact_person_id" uuid, "author_id" uuid NOT NULL, "type" "public"."interaction_type" NOT NULL, "direction" "public"."interaction_direction" NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "subject" text NOT NULL, "summary" text, "needs" text array NOT NULL DEFAULT '{}', "next_action_at" TIMESTAMP(3) WITH TIME ZONE, "next_action" text, "event_id" uuid, CONSTRAINT "PK_911b7416a6671b4148b18c18ecb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "interactions_next_action_idx" ON "interactions"  ("author_id", "next_action_at") WHERE next_action_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_805e5b59a695eb19ec103cee37" ON "interactions"  ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9e11d0a4a7a44f77784fc6a3d4" ON "interactions"  ("author_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a2eaf93ff3bf8c716aeb962547" ON "interactions"  ("employer_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."event_type" AS ENUM('job_dating', 'forum', 'company_visit', 'info_session', 'workshop')`,
    );
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "title" text NOT NULL, "type" "public"."event_type" NOT NULL, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "insee_code" character varying(5), "place_label" text, "capacity" integer, "organiser_id" uuid, CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_da080c835c9fc4e0aa5e8fe264" ON "events"  ("starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "young_people" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "external_id" text, "first_name" text NOT NULL, "last_name" text NOT NULL, "birth_date" date, "email" text, "phone" text, "referent_id" uuid, "erased_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_b96e97f1ac2c310092620ab9422" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c08f12385e13efa83a806aad37" ON "young_people"  ("referent_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "young_people_external_id_key" ON "young_people"  ("external_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "event_employers" ("event_id" uuid NOT NULL, "employer_id" uuid NOT NULL, "job_offer_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e063d68af371e93478924d15eb8" PRIMARY KEY ("event_id", "employer_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cec5cf14b0aef3fe7abcf82c0a" ON "event_employers"  ("employer_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."event_attendance" AS ENUM('registered', 'attended', 'absent')`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_young_people" ("event_id" uuid NOT NULL, "young_person_id" uuid NOT NULL, "attendance" "public"."event_attendance" NOT NULL DEFAULT 'registered', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2c0898e1d9dd431c0e6493a9add" PRIMARY KEY ("event_id", "young_person_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fd987740509d620d33bd4605d3" ON "event_young_people"  ("young_person_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_tokens" ("user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b72b4c7c65d3753a2b4fd1bb02a" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "calendar_tokens_hash_key" ON "calendar_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."contract_type" AS ENUM('cdi', 'cdd', 'apprenticeship', 'professionalisation', 'temporary_work', 'pec', 'cie', 'iae', 'pmsmp')`,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_plans" ("contract_type" "public"."contract_type" NOT NULL, "version" integer NOT NULL, "steps" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ca07ad261d97d9fa4f972b8959" PRIMARY KEY ("contract_type", "version"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."working_time" AS ENUM('full_time', 'part_time')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."offer_status" AS ENUM('draft', 'published', 'filled', 'closed', 'expired')`,
    );
    await queryRunner.query(
      `CREATE TABLE "job_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "employer_id" uuid NOT NULL, "title" text NOT NULL, "rome_code" character(5) NOT NULL, "description" text NOT NULL, "contract_type" "public"."contract_type" NOT NULL, "working_time" "public"."working_time" NOT NULL DEFAULT 'full_time', "weekly_hours" numeric(4,1), "positions" integer NOT NULL DEFAULT '1', "start_date" date, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "insee_code" character varying(5) NOT NULL, "postal_code" character varying(5) NOT NULL, "city" text NOT NULL, "epci_code" character varying(9), "status" "public"."offer_status" NOT NULL DEFAULT 'draft', "published_at" TIMESTAMP(3) WITH TIME ZONE, "adviser_id" uuid, CONSTRAINT "PK_9a54d36bd6829979f945defdeb5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_37f0b5d72ce2adc34f9ec72db1" ON "job_offers"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e1c4ac4435316fc047faa01274" ON "job_offers"  ("status", "expires_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_aa17fbdf91a1ecf8d044310991" ON "job_offers"  ("status", "published_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_340e777c3da3b8a50ccdfc57d6" ON "job_offers"  ("employer_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."placement_status" AS ENUM('proposed', 'interview', 'hired', 'declined', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."placement_outcome" AS ENUM('ongoing', 'completed', 'ruptured')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."rupture_initiative" AS ENUM('employer', 'employee', 'mutual', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "placements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "young_person_id" uuid NOT NULL, "employer_id" uuid NOT NULL, "job_offer_id" uuid, "event_id" uuid, "adviser_id" uuid, "status" "public"."placement_status" NOT NULL DEFAULT 'proposed', "contract_type" "public"."contract_type", "start_date" date, "end_date" date, "weekly_hours" numeric(4,1), "trial_period_end_date" date, "outcome" "public"."placement_outcome", "at_risk" boolean NOT NULL DEFAULT false, "hired_at" TIMESTAMP(3) WITH TIME ZONE, "plan_version" integer, "rupture_date" date, "rupture_initiative" "public"."rupture_initiative", "rupture_reason" text, "rupture_in_trial_period" boolean, "completed_on" date, CONSTRAINT "PK_91cca43a1baa03ee278d7be74da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_567bc33804baa5f142db56caa0" ON "placements"  ("job_offer_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1bba4794214b3016a8044eb67e" ON "placements"  ("event_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_96bcf4f3ec47c23054680aa5fd" ON "placements"  ("start_date") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ef367133a7aa42933c1616eb62" ON "placements"  ("adviser_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e7b246bd9b2accb27af0da599a" ON "placements"  ("young_person_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_83a5190b7b6a4479b618da4456" ON "placements"  ("employer_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."follow_up_with_whom" AS ENUM('young_person', 'employer', 'both')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."follow_up_channel" AS ENUM('visit', 'phone', 'email', 'video', 'meeting', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."follow_up_status" AS ENUM('planned', 'done', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."follow_up_risk" AS ENUM('none', 'watch', 'high')`,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "placement_id" uuid NOT NULL, "due_date" date NOT NULL, "step_key" text NOT NULL, "with_whom" "public"."follow_up_with_whom" NOT NULL DEFAULT 'both', "channel" "public"."follow_up_channel", "status" "public"."follow_up_status" NOT NULL DEFAULT 'planned', "done_on" date, "outcome" text, "risk" "public"."follow_up_risk", "sequence" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_d510aabdff2ec7fdc67a1092157" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f05b484778fe6f4319875046cd" ON "follow_ups"  ("status", "due_date") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0bf025f530c118cf10125c0988" ON "follow_ups"  ("placement_id", "due_date") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."email_status" AS ENUM('pending', 'sent', 'failed', 'suppressed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbound_emails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "idempotency_key" text NOT NULL, "recipient" text NOT NULL, "template" text NOT NULL, "params" jsonb, "status" "public"."email_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "message_id" text NOT NULL, "provider_message_id" text, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "purged_at" TIMESTAMP(3) WITH TIME ZONE, "subject_type" text, "subject_id" uuid, CONSTRAINT "PK_d07cd54ab4e5dd921ff509203ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f2f48bb511eca69b983c35317d" ON "outbound_emails"  ("template", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "outbound_emails_pending_idx" ON "outbound_emails"  ("created_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "outbound_emails_idempotency_key" ON "outbound_emails"  ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "suppressed_addresses" ("email" text NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_969aea633e29eff745ff2589f17" PRIMARY KEY ("email"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'running', 'closed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "year" integer NOT NULL, "status" "public"."campaign_status" NOT NULL DEFAULT 'draft', "launched_at" TIMESTAMP(3) WITH TIME ZONE, "closes_at" TIMESTAMP(3) WITH TIME ZONE, "closed_at" TIMESTAMP(3) WITH TIME ZONE, "reminder_days" integer array NOT NULL DEFAULT '{7,14}', "duration_days" integer NOT NULL DEFAULT '30', CONSTRAINT "PK_5d0016cff7d07f952d24a4b7b25" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "survey_campaigns_year_key" ON "survey_campaigns"  ("year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "campaign_id" uuid NOT NULL, "employer_id" uuid NOT NULL, "contact_person_id" uuid, "email" text NOT NULL, "token_hash" bytea NOT NULL, "answered_at" TIMESTAMP(3) WITH TIME ZONE, "opted_out_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_8a42ab5d797ea8f45e4155ebbc2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_40f9583120e5789d3c36b7c666" ON "survey_invitations"  ("employer_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "survey_invitations_token_hash_key" ON "survey_invitations"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "survey_invitations_campaign_employer_key" ON "survey_invitations"  ("campaign_id", "employer_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_responses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "invitation_id" uuid NOT NULL, "submitted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "REL_7e82b5cc23ee037b01d7c7aaf1" UNIQUE ("invitation_id"), CONSTRAINT "PK_349995c51959d139d8e485a58ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "survey_responses_invitation_key" ON "survey_responses"  ("invitation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_answers" ("response_id" uuid NOT NULL, "question_key" text NOT NULL, "value" jsonb NOT NULL, CONSTRAINT "PK_ed118e59d531e81c5340e26ce64" PRIMARY KEY ("response_id", "question_key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "employers" ADD CONSTRAINT "FK_65f8b61fe44fe29cc2e55e29fc6" FOREIGN KEY ("referent_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "employers" ADD CONSTRAINT "FK_27dc0c3a6406fd7627c3146b7ba" FOREIGN KEY ("merged_into_id") REFERENCES "employers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_persons" ADD CONSTRAINT "FK_1e861741c8e759b2dac842fa5e4" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "interactions" ADD CONSTRAINT "FK_36ed28f8661c7c4677d391ec587" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "interactions" ADD CONSTRAINT "FK_a28090992b13c64ab9f2774c6bb" FOREIGN KEY ("contact_person_id") REFERENCES "contact_persons"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "interactions" ADD CONSTRAINT "FK_9773a7d09986c0403ff9a78ef65" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "FK_cb951fb6dfdc6eba1b67d8f06cb" FOREIGN KEY ("organiser_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "young_people" ADD CONSTRAINT "FK_c08f12385e13efa83a806aad371" FOREIGN KEY ("referent_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_employers" ADD CONSTRAINT "FK_a4cc90b672647a1a7c9372b0c9a" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_employers" ADD CONSTRAINT "FK_cec5cf14b0aef3fe7abcf82c0a7" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_young_people" ADD CONSTRAINT "FK_d16e8e472aeba192f71ca3b9f8a" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_young_people" ADD CONSTRAINT "FK_fd987740509d620d33bd4605d37" FOREIGN KEY ("young_person_id") REFERENCES "young_people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_tokens" ADD CONSTRAINT "FK_b72b4c7c65d3753a2b4fd1bb02a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "job_offers" ADD CONSTRAINT "FK_a93a34196a41833142f25ae9082" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "job_offers" ADD CONSTRAINT "FK_b700d2924e36d199cf96e2ccccc" FOREIGN KEY ("adviser_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_e7b246bd9b2accb27af0da599a5" FOREIGN KEY ("young_person_id") REFERENCES "young_people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_345d54f8326a195fb2e04999084" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_567bc33804baa5f142db56caa01" FOREIGN KEY ("job_offer_id") REFERENCES "job_offers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_1bba4794214b3016a8044eb67e3" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_406593c7d868a6e2af3b9a9fad6" FOREIGN KEY ("adviser_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_77d9ab47bd4f02c73e7364f8a49" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_invitations" ADD CONSTRAINT "FK_70a3961c5f5a6f71c0037b28161" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_invitations" ADD CONSTRAINT "FK_40f9583120e5789d3c36b7c666a" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_invitations" ADD CONSTRAINT "FK_93e96d1fe8b43bf2d1a86c4f519" FOREIGN KEY ("contact_person_id") REFERENCES "contact_persons"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_responses" ADD CONSTRAINT "FK_7e82b5cc23ee037b01d7c7aaf1e" FOREIGN KEY ("invitation_id") REFERENCES "survey_invitations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_answers" ADD CONSTRAINT "FK_17c609d07c16be4606cd579c5aa" FOREIGN KEY ("response_id") REFERENCES "survey_responses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "survey_answers" DROP CONSTRAINT "FK_17c609d07c16be4606cd579c5aa"`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_responses" DROP CONSTRAINT "FK_7e82b5cc23ee037b01d7c7aaf1e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_invitations" DROP CONSTRAINT "FK_93e96d1fe8b43bf2d1a86c4f519"`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_invitations" DROP CONSTRAINT "FK_40f9583120e5789d3c36b7c666a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_invitations" DROP CONSTRAINT "FK_70a3961c5f5a6f71c0037b28161"`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" DROP CONSTRAINT "FK_77d9ab47bd4f02c73e7364f8a49"`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" DROP CONSTRAINT "FK_406593c7d868a6e2af3b9a9fad6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" DROP CONSTRAINT "FK_1bba4794214b3016a8044eb67e3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" DROP CONSTRAINT "FK_567bc33804baa5f142db56caa01"`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" DROP CONSTRAINT "FK_345d54f8326a195fb2e04999084"`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" DROP CONSTRAINT "FK_e7b246bd9b2accb27af0da599a5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "job_offers" DROP CONSTRAINT "FK_b700d2924e36d199cf96e2ccccc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "job_offers" DROP CONSTRAINT "FK_a93a34196a41833142f25ae9082"`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_tokens" DROP CONSTRAINT "FK_b72b4c7c65d3753a2b4fd1bb02a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_young_people" DROP CONSTRAINT "FK_fd987740509d620d33bd4605d37"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_young_people" DROP CONSTRAINT "FK_d16e8e472aeba192f71ca3b9f8a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_employers" DROP CONSTRAINT "FK_cec5cf14b0aef3fe7abcf82c0a7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_employers" DROP CONSTRAINT "FK_a4cc90b672647a1a7c9372b0c9a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "young_people" DROP CONSTRAINT "FK_c08f12385e13efa83a806aad371"`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" DROP CONSTRAINT "FK_cb951fb6dfdc6eba1b67d8f06cb"`,
    );
    await queryRunner.query(
      `ALTER TABLE "interactions" DROP CONSTRAINT "FK_9773a7d09986c0403ff9a78ef65"`,
    );
    await queryRunner.query(
      `ALTER TABLE "interactions" DROP CONSTRAINT "FK_a28090992b13c64ab9f2774c6bb"`,
    );
    await queryRunner.query(
      `ALTER TABLE "interactions" DROP CONSTRAINT "FK_36ed28f8661c7c4677d391ec587"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_persons" DROP CONSTRAINT "FK_1e861741c8e759b2dac842fa5e4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "employers" DROP CONSTRAINT "FK_27dc0c3a6406fd7627c3146b7ba"`,
    );
    await queryRunner.query(
      `ALTER TABLE "employers" DROP CONSTRAINT "FK_65f8b61fe44fe29cc2e55e29fc6"`,
    );
    await queryRunner.query(`DROP TABLE "survey_answers"`);
    await queryRunner.query(`DROP INDEX "public"."survey_responses_invitation_key"`);
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`DROP INDEX "public"."survey_invitations_campaign_employer_key"`);
    await queryRunner.query(`DROP INDEX "public"."survey_invitations_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_40f9583120e5789d3c36b7c666"`);
    await queryRunner.query(`DROP TABLE "survey_invitations"`);
    await queryRunner.query(`DROP INDEX "public"."survey_campaigns_year_key"`);
    await queryRunner.query(`DROP TABLE "survey_campaigns"`);
    await queryRunner.query(`DROP TYPE "public"."campaign_status"`);
    await queryRunner.query(`DROP TABLE "suppressed_addresses"`);
    await queryRunner.query(`DROP INDEX "public"."outbound_emails_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."outbound_emails_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f2f48bb511eca69b983c35317d"`);
    await queryRunner.query(`DROP TABLE "outbound_emails"`);
    await queryRunner.query(`DROP TYPE "public"."email_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0bf025f530c118cf10125c0988"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f05b484778fe6f4319875046cd"`);
    await queryRunner.query(`DROP TABLE "follow_ups"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_risk"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_status"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_channel"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_with_whom"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_83a5190b7b6a4479b618da4456"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e7b246bd9b2accb27af0da599a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ef367133a7aa42933c1616eb62"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96bcf4f3ec47c23054680aa5fd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1bba4794214b3016a8044eb67e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_567bc33804baa5f142db56caa0"`);
    await queryRunner.query(`DROP TABLE "placements"`);
    await queryRunner.query(`DROP TYPE "public"."rupture_initiative"`);
    await queryRunner.query(`DROP TYPE "public"."placement_outcome"`);
    await queryRunner.query(`DROP TYPE "public"."placement_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_340e777c3da3b8a50ccdfc57d6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aa17fbdf91a1ecf8d044310991"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e1c4ac4435316fc047faa01274"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_37f0b5d72ce2adc34f9ec72db1"`);
    await queryRunner.query(`DROP TABLE "job_offers"`);
    await queryRunner.query(`DROP TYPE "public"."offer_status"`);
    await queryRunner.query(`DROP TYPE "public"."working_time"`);
    await queryRunner.query(`DROP TABLE "follow_up_plans"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_tokens_hash_key"`);
    await queryRunner.query(`DROP TABLE "calendar_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd987740509d620d33bd4605d3"`);
    await queryRunner.query(`DROP TABLE "event_young_people"`);
    await queryRunner.query(`DROP TYPE "public"."event_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cec5cf14b0aef3fe7abcf82c0a"`);
    await queryRunner.query(`DROP TABLE "event_employers"`);
    await queryRunner.query(`DROP INDEX "public"."young_people_external_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c08f12385e13efa83a806aad37"`);
    await queryRunner.query(`DROP TABLE "young_people"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_da080c835c9fc4e0aa5e8fe264"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP TYPE "public"."event_type"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a2eaf93ff3bf8c716aeb962547"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9e11d0a4a7a44f77784fc6a3d4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_805e5b59a695eb19ec103cee37"`);
    await queryRunner.query(`DROP INDEX "public"."interactions_next_action_idx"`);
    await queryRunner.query(`DROP TABLE "interactions"`);
    await queryRunner.query(`DROP TYPE "public"."interaction_direction"`);
    await queryRunner.query(`DROP TYPE "public"."interaction_type"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1e861741c8e759b2dac842fa5e"`);
    await queryRunner.query(`DROP INDEX "public"."contact_persons_one_primary_key"`);
    await queryRunner.query(`DROP TABLE "contact_persons"`);
    await queryRunner.query(`DROP INDEX "public"."employers_siret_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c7e9f573f6b3eba6ca88d5b487"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_85c187f96d6da2e719677527fb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96884f6441742bc781d6bbecc9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e40171c56a16e4d35879623f4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0ed0accfe4b7735cabdcd72d33"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_27dc0c3a6406fd7627c3146b7b"`);
    await queryRunner.query(`DROP TABLE "employers"`);
    await queryRunner.query(`DROP TYPE "public"."employer_source"`);
    await queryRunner.query(`DROP TYPE "public"."employer_status"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7150b09e14e8d6e9c63ed6973c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c7d3ae3160ef4430133acbe742"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    // Shared by job_offers, placements and follow_up_plans: dropped once, after all three.
    await queryRunner.query(`DROP TYPE "public"."contract_type"`);
  }
}

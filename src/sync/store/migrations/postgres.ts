import type { Migration } from './migration.ts'

/**
 * PostgreSQL's schema, oldest first, each step given the quoted schema name; the version lives
 * in `<schema>.schema_version`. u32s are `bigint` (PostgreSQL has no unsigned `integer`), u8s
 * `smallint`, bytes `bytea`; `personality_traits` is a `jsonb` array of 0x-hex strings, and
 * event payloads stay `text` so they read back byte for byte.
 */
export const POSTGRES_MIGRATIONS: readonly Migration<(schema: string) => readonly string[]>[] = [
  {
    version: 1,
    summary: 'pets, pet_changes, hooks, deliveries, repairs, checkpoint',
    up: s => [
      `CREATE TABLE ${s}.pets (
        id bigint PRIMARY KEY,
        dna_hash bytea NOT NULL,
        initial_species bytea NOT NULL,
        current_pet_name bytea NOT NULL,
        base_strength smallint NOT NULL,
        base_agility smallint NOT NULL,
        base_intelligence smallint NOT NULL,
        base_vitality smallint NOT NULL,
        primary_elemental_affinity text NOT NULL,
        level bigint NOT NULL,
        experience_points bigint NOT NULL,
        mood_indicator smallint NOT NULL,
        last_fed_block bigint NOT NULL,
        last_played_block bigint NOT NULL,
        personality_traits jsonb NOT NULL,
        last_state_update_block bigint NOT NULL,
        state_version bigint NOT NULL,
        sync_flags smallint NOT NULL,
        owner bytea NOT NULL,
        locked boolean NOT NULL,
        updated_at_block bigint NOT NULL
      )`,
      `CREATE INDEX pets_by_owner ON ${s}.pets (owner, id)`,
      `CREATE INDEX pets_by_species ON ${s}.pets (initial_species, id)`,
      `CREATE INDEX pets_with_flags ON ${s}.pets (id) WHERE sync_flags <> 0`,
      `CREATE TABLE ${s}.pet_changes (
        block_number bigint NOT NULL,
        event_index bigint NOT NULL,
        pet_id bigint NOT NULL,
        change_type text NOT NULL,
        version bigint NOT NULL,
        payload text NOT NULL,
        PRIMARY KEY (block_number, event_index)
      )`,
      `CREATE INDEX pet_changes_by_pet ON ${s}.pet_changes (pet_id, block_number, event_index)`,
      `CREATE TABLE ${s}.hooks (
        id bigint PRIMARY KEY,
        account bytea NOT NULL,
        interests smallint NOT NULL,
        priority smallint NOT NULL,
        enabled boolean NOT NULL,
        last_execution bigint NOT NULL,
        execution_count bigint NOT NULL
      )`,
      `CREATE TABLE ${s}.deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        hook_id bigint NOT NULL,
        pet_id bigint NOT NULL,
        version bigint NOT NULL,
        change_type text NOT NULL,
        idempotency_key text NOT NULL,
        block_number bigint NOT NULL,
        event_index bigint NOT NULL,
        priority smallint NOT NULL,
        payload text NOT NULL,
        ack boolean NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL DEFAULT 0,
        last_error text,
        delivered_at bigint,
        ack_status text NOT NULL DEFAULT 'none',
        UNIQUE (hook_id, idempotency_key)
      )`,
      `CREATE INDEX deliveries_by_status ON ${s}.deliveries (status, next_attempt_at)`,
      `CREATE INDEX deliveries_by_hook_pet ON ${s}.deliveries (hook_id, pet_id, id)`,
      // The "oldest pending of its (hook, pet)" probe of dueDeliveries: pending rows only, so it
      // never walks a pair's delivered history.
      `CREATE INDEX deliveries_pending_by_hook_pet ON ${s}.deliveries (hook_id, pet_id, id)
        WHERE status = 'pending'`,
      `CREATE INDEX deliveries_acks_due ON ${s}.deliveries (id) WHERE ack_status = 'pending'`,
      `CREATE TABLE ${s}.repairs (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        block_number bigint NOT NULL,
        pet_id bigint NOT NULL,
        expected bigint NOT NULL,
        found bigint NOT NULL,
        repaired_to bigint NOT NULL
      )`,
      // One row, always present (NULLs: empty replica), so applyBatch can lock it FOR UPDATE.
      `CREATE TABLE ${s}.checkpoint (
        id smallint PRIMARY KEY CHECK (id = 1),
        number bigint,
        hash bytea
      )`,
      `INSERT INTO ${s}.checkpoint (id, number, hash) VALUES (1, NULL, NULL)`,
    ],
  },
]

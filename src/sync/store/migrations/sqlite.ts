import type { Migration } from './migration.ts'

/**
 * SQLite's schema, oldest first; the version lives in `PRAGMA user_version`. Booleans are 0/1
 * INTEGERs, u32s INTEGERs (SQLite's are 64-bit), bytes BLOBs; `personality_traits` is a JSON
 * array of 0x-hex strings.
 */
export const SQLITE_MIGRATIONS: readonly Migration<readonly string[]>[] = [
  {
    version: 1,
    summary: 'pets, pet_changes, hooks, deliveries, repairs, checkpoint',
    up: [
      `CREATE TABLE pets (
        id INTEGER PRIMARY KEY,
        dna_hash BLOB NOT NULL,
        initial_species BLOB NOT NULL,
        current_pet_name BLOB NOT NULL,
        base_strength INTEGER NOT NULL,
        base_agility INTEGER NOT NULL,
        base_intelligence INTEGER NOT NULL,
        base_vitality INTEGER NOT NULL,
        primary_elemental_affinity TEXT NOT NULL,
        level INTEGER NOT NULL,
        experience_points INTEGER NOT NULL,
        mood_indicator INTEGER NOT NULL,
        last_fed_block INTEGER NOT NULL,
        last_played_block INTEGER NOT NULL,
        personality_traits TEXT NOT NULL,
        last_state_update_block INTEGER NOT NULL,
        state_version INTEGER NOT NULL,
        sync_flags INTEGER NOT NULL,
        owner BLOB NOT NULL,
        locked INTEGER NOT NULL,
        updated_at_block INTEGER NOT NULL
      )`,
      'CREATE INDEX pets_by_owner ON pets (owner, id)',
      'CREATE INDEX pets_by_species ON pets (initial_species, id)',
      'CREATE INDEX pets_with_flags ON pets (id) WHERE sync_flags <> 0',
      `CREATE TABLE pet_changes (
        block_number INTEGER NOT NULL,
        event_index INTEGER NOT NULL,
        pet_id INTEGER NOT NULL,
        change_type TEXT NOT NULL,
        version INTEGER NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (block_number, event_index)
      )`,
      'CREATE INDEX pet_changes_by_pet ON pet_changes (pet_id, block_number, event_index)',
      `CREATE TABLE hooks (
        id INTEGER PRIMARY KEY,
        account BLOB NOT NULL,
        interests INTEGER NOT NULL,
        priority INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        last_execution INTEGER NOT NULL,
        execution_count INTEGER NOT NULL
      )`,
      // AUTOINCREMENT: ids only ever grow, so "ascending id" stays creation order.
      `CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        hook_id INTEGER NOT NULL,
        pet_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        change_type TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        block_number INTEGER NOT NULL,
        event_index INTEGER NOT NULL,
        priority INTEGER NOT NULL,
        payload TEXT NOT NULL,
        ack INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        delivered_at INTEGER,
        ack_status TEXT NOT NULL DEFAULT 'none',
        UNIQUE (hook_id, idempotency_key)
      )`,
      'CREATE INDEX deliveries_by_status ON deliveries (status, next_attempt_at)',
      'CREATE INDEX deliveries_by_hook_pet ON deliveries (hook_id, pet_id, id)',
      // The "oldest pending of its (hook, pet)" probe of dueDeliveries: pending rows only, so it
      // never walks a pair's delivered history.
      `CREATE INDEX deliveries_pending_by_hook_pet ON deliveries (hook_id, pet_id, id)
        WHERE status = 'pending'`,
      `CREATE INDEX deliveries_acks_due ON deliveries (id) WHERE ack_status = 'pending'`,
      `CREATE TABLE repairs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        block_number INTEGER NOT NULL,
        pet_id INTEGER NOT NULL,
        expected INTEGER NOT NULL,
        found INTEGER NOT NULL,
        repaired_to INTEGER NOT NULL
      )`,
      // One row, always present (NULLs: empty replica), so every writer reads and sets the same row.
      `CREATE TABLE checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        number INTEGER,
        hash BLOB
      )`,
      'INSERT INTO checkpoint (id, number, hash) VALUES (1, NULL, NULL)',
    ],
  },
]

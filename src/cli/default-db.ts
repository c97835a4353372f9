/** Where the replica is kept unless `--db` says otherwise. */
export const DEFAULT_DB = 'sqlite:./critter.db'

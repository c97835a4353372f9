// The node logs through the shared Logger of src/primitives (the sync service uses the same one).
export { type LogFields, type Logger, silentLogger } from '../primitives/index.ts'

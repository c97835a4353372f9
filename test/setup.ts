import { initCrypto } from '../src/primitives/index.ts'

// Hashing is WebAssembly; every test file may hash at import time.
await initCrypto()

// Public surface of src/node/crypto: signature verification on worker threads.

export { VerifierFault, type VerifierFaultCode } from './verifier-errors.ts'
export { createVerifierPool, type VerifierPool, type VerifierPoolOptions } from './verifier-pool.ts'

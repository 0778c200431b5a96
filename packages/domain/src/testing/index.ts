export { aNote, aPrincipal, aUserId, fixedClock, sequentialIds } from './fixtures.js';
export { describeIdempotencyStoreContract, type IdempotencyContractOptions } from './idempotency-store-contract.js';
export {
  type ContractCase,
  type ContractOptions,
  describeNotesRepositoryContract,
  type SubjectFactory,
} from './notes-repository-contract.js';
export {
  describeObjectStorageContract,
  type ObjectStorageFactory,
  type ObjectStorageSubject,
  type ObjectStorageTransport,
  type TransportAnswer,
  type TransportDownload,
  type TransportUpload,
} from './object-storage-contract.js';

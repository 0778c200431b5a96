export { aNote, aPrincipal, aUserId, ManualClock, sequentialIds } from './fixtures.js';
export {
  type ContractCase,
  type ContractOptions,
  describeNotesRepositoryContract,
  type SubjectFactory,
} from './notes-repository-contract.js';

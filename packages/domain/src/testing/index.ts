export { aNote, aPrincipal, aUserId, fixedClock, sequentialIds } from './fixtures.js';
export {
  type ContractCase,
  type ContractOptions,
  describeNotesRepositoryContract,
  type SubjectFactory,
} from './notes-repository-contract.js';

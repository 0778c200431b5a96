import { describeNotesRepositoryContract } from '@secure-notes/domain/testing';
import { InMemoryNotesRepository } from './in-memory-notes-repository.js';

describeNotesRepositoryContract('InMemoryNotesRepository', () => new InMemoryNotesRepository());

export { ApiClient, type ApiRequest, type ApiResponse } from './api-client.js';
export {
  describeNotesApiScenarios,
  type NotesApiScenarioEnvironment,
  type NotesApiScenarioOptions,
  type ScenarioUser,
  type SeedNoteItem,
} from './notes-api-scenarios.js';

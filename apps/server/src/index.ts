export { type ComposeOptions, type Composition, composeServer } from './composition.js';
export { ConfigError, loadConfig, SERVER_ENV, SERVER_SCHEMAS, type ServerConfig } from './config.js';
export { type RunningServer, type StartServerOptions, startServer } from './server.js';

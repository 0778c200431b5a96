export { type ComposeOptions, type Composition, composeServer } from './composition.js';
export { CONFIG_HELP, ConfigError, loadConfig, type ServerConfig } from './config.js';
export { type RunningServer, type StartServerOptions, startServer } from './server.js';

export { banner } from './banner.js';
export { LOCAL_STACK_DEFAULTS, type LocalStack, type LocalStackOptions, startLocalStack } from './local-stack.js';
export { type PagesOptions, pagesRouter, signInUrl, tokenExchangeCommand } from './pages.js';
export { runUserCli, temporaryPassword } from './user-cli.js';

export { closeHttpServer, type StopOnSignalsOptions, stopOnSignals } from './lifecycle.js';
export {
  EPHEMERAL_PORT_RETRY,
  type EphemeralPortRetry,
  isPortInUse,
  type ListenOptions,
  listen,
  listenOnLoopback,
  PortInUseError,
} from './listen.js';

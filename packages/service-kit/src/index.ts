export { closeHttpServer, type StopOnSignalsOptions, stopOnSignals } from './lifecycle.js';
export { isPortInUse, type ListenOptions, listen, PortInUseError } from './listen.js';

// Public face of the coordinator: the case service, the effect runner and its handlers, the tracker, and the facade over them.
export * from './coordinator.ts';
export * from './service.ts';
export * from './runner.ts';
export * from './effect-handoff.ts';
export * from './tracker.ts';
export * from './handlers.ts';
export * from '../store/case-writes.ts';

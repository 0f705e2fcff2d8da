export { planBodies, MAX_PAIRS_PER_JOB, type PlannedBody } from './plan';
export { ExportEngine, createExportEngine, type EngineDeps, type EngineChange, type StartInput, type StartResult, type Timers } from './engine';
export { Tracker, FIRST_POLL_MS, POLL_STEPS_MS, BUCKET, type PollResult, type TrackerDeps } from './tracker';
export { createTokenBucket, type TokenBucket } from './token-bucket';
export { mapLimit } from './pool';
export { errorInfoOf } from './errors';
export * from './records';

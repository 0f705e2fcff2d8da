export { createViewBuilder, type ViewBuilder, type ViewBuilderDeps, type ViewResult, type ViewRoute } from './builder';
export { buildViews, batchFileFlows, type ViewInputs } from './build';
export { TtlCache } from './cache';

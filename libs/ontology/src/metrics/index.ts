// Read models of the metrics service: pure projections (evolve/keysOf), the changes of the sorted
// lists they keep (list-ops.ts; their storage layout lives in libs/platform), the batch step that applies a partition's events exactly once in
// effect, and the read-side views that turn documents into SPEC §4 shapes at an injected `now`.
export * from './utc-days';
export * from './client-event';
export * from './counts';
export * from './projection';
export * from './position-guard';
export * from './day-buckets';
export * from './list-keys';
export * from './list-ops';
export * from './thing.projection';
export * from './creator-stats.projection';
export * from './group-metrics.projection';
export * from './active-people.projection';
export * from './api-calls.projection';
export * from './activity-entry';
export * from './knowledge-links.projection';
export * from './entity-lists';
export * from './group-lists';
export * from './projections';
export * from './project-batch';
export * from './thing-view';
export * from './creator-stats-view';
export * from './top-content';
export * from './group-metrics-view';
export * from './cursor';
export * from './relationships-page';
export * from './activity-page';
export * from './thing-with-relationships-view';
export * from './things-page';

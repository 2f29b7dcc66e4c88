export {
  DEFAULT_ARCHIVAL_CONFIG,
  archiveCutoff,
  isEligible,
  retentionCutoff,
  isPurgeable,
  checkDaysCutoff,
  type ArchivalConfig,
} from './archival-config';
export { planObjects, objectKey, utcDay, type ArchiveObjectPlan } from './object-plan';
export { toNdjson, fromNdjson } from './ndjson';
export {
  buildManifest,
  manifestView,
  typesOf,
  splitArchived,
  compressionRatioOf,
  type ArchiveManifest,
  type ManifestView,
} from './manifest';
export { formatBytes, estimateArchival, type ArchivalEstimate, type ArchivalEstimateInput } from './estimates';

/** Snapshot bundles on disk: sdn-doctor's own format, and imports of debug.sh / NetworkCheck folders. */
export { mergeSnapshots, type LabelledSnapshot } from './merge.js';
export { readBundle, detectFormat, type BundleFormat, type ReadBundleOptions } from './read.js';
export {
  writeBundle,
  openBundleStream,
  isArchivePath,
  type BundleHead,
  type BundleStream,
  type WriteBundleOptions,
} from './native-write.js';
export { BundleError } from './errors.js';
export { redactApiItems, redactText, REDACTED } from './redact.js';
export { BUNDLE_SCHEMA_VERSION, MANIFEST_FILE, manifestSchema, type Manifest } from './manifest.js';

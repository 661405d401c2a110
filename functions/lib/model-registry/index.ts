export { ModelRegistryError, RegistryConflictError, UnknownVersionError } from './errors.js';
export { registryObjectsOf, registryOf } from './from-location.js';
export {
  CURRENT_POINTER,
  checkVersionName,
  EVALUATION_FILE,
  SHIPPED_VERSION,
  VERSIONS_DIR,
  versionFileKey,
  versionName,
} from './layout.js';
export { MODEL_CARD_FILE, type ModelRegistry, modelRegistry, type VersionInfo } from './model-registry.js';
export { directoryObjects, type RegistryObjects, type StoredObject, s3Objects } from './objects.js';
export { type CurrentPointer, encodePointer, POINTER_HISTORY, parsePointer, SHIPPED_POINTER } from './pointer.js';

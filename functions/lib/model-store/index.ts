export { ModelStoreError } from './errors.js';
export { type ModelDirectoryOptions, modelDirectory } from './model-directory.js';

export { WikiEventError, WikiEventValidationError } from './errors.js';
export { CHANGE_TYPES, type WikiChange } from './types.js';
export { MAX_WIKI_EVENT_BYTES, validateWikiChange } from './validate.js';

export { parseRfc3339 } from './rfc3339.js';

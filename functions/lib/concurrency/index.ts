export { settleConcurrently } from './pool.js';

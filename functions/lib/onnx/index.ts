export { ProtoReader } from './proto-reader.js';

export { RelayCheckpointError, RelayLeaseLostError } from './errors.js';
export {
  acquireLease,
  type CheckpointStore,
  type LeaseResult,
  type RelayCheckpoint,
  readCheckpoint,
  releaseLease,
  saveCheckpoint,
} from './store.js';

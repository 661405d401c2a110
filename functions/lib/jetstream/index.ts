export { JetstreamConnectionError, JetstreamError, JetstreamHttpError } from './errors.js';
export {
  IDLE_TIMEOUT_MS,
  type JetstreamOptions,
  type JetstreamReconnectNotice,
  jetstreamMessages,
  MAX_FRAME_BYTES,
  MAX_RECONNECT_MS,
  RECONNECT_MS,
  subscribeUrl,
} from './subscribe.js';
